using Progression.Api.Cases.Closing;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class ClosingAndReopening
{
    private static readonly Case Open = Given(Opened(), Registered(MentalIllness));
    private static readonly Case Closed = Given(Opened(), Registered(MentalIllness), new CaseClosed("moved away", Day(5)));

    [Fact]
    public void An_open_case_is_closed_for_a_reason()
    {
        var command = new CloseCase("moved to another municipality", HappenedAt: Day(30));

        ThenAccepted(CloseCaseEndpoint.Validate(command, Open, Context(Open)));
        var (accepted, events) = CloseCaseEndpoint.Post(command, Open, Context(Open));
        ThenAnswer(accepted, Open, 1);
        ThenEvents(events, new CaseClosed("moved to another municipality", Day(30)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Closing_needs_a_reason(string reason) =>
        ThenProblem(CloseCaseEndpoint.Validate(new CloseCase(reason), Open, Context(Open)), 400, "reason");

    [Fact]
    public void A_closed_case_is_not_closed_again() =>
        ThenProblem(CloseCaseEndpoint.Validate(new CloseCase("again"), Closed, Context(Closed)), 409, "case");

    [Fact]
    public void A_closed_case_is_reopened()
    {
        var command = new ReopenCase("moved back");

        ThenAccepted(ReopenCaseEndpoint.Validate(command, Closed, Context(Closed)));
        var (accepted, events) = ReopenCaseEndpoint.Post(command, Closed, Context(Closed));
        ThenAnswer(accepted, Closed, 1);
        ThenEvents(events, new CaseReopened(Now, "moved back"));
    }

    [Fact]
    public void A_closed_case_waits_for_no_follow_up_and_once_reopened_for_those_it_waited_for_before()
    {
        var outcome = new OutcomeReached(Id(30), OutcomeKind.OrdinaryJob, Day(3));
        object[] history = [Opened(), Registered(MentalIllness), Measured(Id(20), day: 2), outcome,
            new OutcomeRetained(Id(30), 3, Day(4)), new CaseClosed("moved away", Day(5))];

        Assert.Empty(FollowUpRules.Pending(Given(history), _ => 91));
        var reopened = FollowUpRules.Pending(Given([.. history, new CaseReopened(Day(6))]), _ => 91).ToList();

        Assert.Equal(new FollowUpDue(FollowUpKind.Measurement, Day(2 + 91), Instrument: AdultInstrument), reopened[0]);
        Assert.Equal([6, 12], reopened.Skip(1).Select(f => f.CheckpointMonths!.Value));
    }

    [Fact]
    public void Only_a_closed_case_is_reopened() =>
        ThenProblem(ReopenCaseEndpoint.Validate(new ReopenCase(), Open, Context(Open)), 409, "case");

    [Fact]
    public void Reopening_still_needs_the_expected_version() =>
        ThenProblem(ReopenCaseEndpoint.Validate(new ReopenCase(), Closed, Context()), 428, "expectedVersion");

    [Fact]
    public void Reopening_a_case_that_changed_since_it_was_read_conflicts() =>
        ThenProblem(ReopenCaseEndpoint.Validate(new ReopenCase(), Closed, Context(ifMatch: Closed.Version - 1)), 409, "expectedVersion");

    [Fact]
    public void A_case_folds_to_closed_and_back_to_open()
    {
        Assert.Equal((CaseStatus.Closed, Day(5), "moved away"), (Closed.Status, Closed.ClosedAt, Closed.ClosedReason));

        var reopened = Given(Opened(), Registered(MentalIllness), new CaseClosed("moved away", Day(5)), new CaseReopened(Day(9)));
        Assert.Equal((CaseStatus.Open, null, null), (reopened.Status, reopened.ClosedAt, reopened.ClosedReason));
        Assert.True(reopened.HasRiskFactor(MentalIllness));
    }
}
