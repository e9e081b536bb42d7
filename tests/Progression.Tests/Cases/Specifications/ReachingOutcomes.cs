using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases.Outcomes;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class ReachingOutcomes
{
    // Outcome 30 was reached on day 10.
    private static readonly object[] Reached = [Opened(), new OutcomeReached(Id(30), OutcomeKind.OrdinaryJob, Day(10))];
    private static readonly Case Current = Given(Reached);

    private static ProblemDetails Retained(int months, Case? current = null, DateTimeOffset? at = null, DateTimeOffset? now = null) =>
        RecordOutcomeRetainedEndpoint.Validate(new RecordOutcomeRetained(Id(30), months, HappenedAt: at), current ?? Current,
            Context(current ?? Current) with { Now = now ?? Now });

    [Fact]
    public void An_outcome_is_reached()
    {
        var command = new ReachOutcome(OutcomeKind.EducationStarted, "started at the technical college", Id(31), HappenedAt: Day(20));

        ThenAccepted(ReachOutcomeEndpoint.Validate(command, Current, Context(Current)));
        var (accepted, events) = ReachOutcomeEndpoint.Post(command, Current, Context(Current));
        ThenAnswer(accepted, Current, 1, Id(31));
        ThenEvents(events, new OutcomeReached(Id(31), OutcomeKind.EducationStarted, Day(20), "started at the technical college"));
    }

    [Fact]
    public void Retention_checks_fall_due_3_6_and_12_months_after_the_outcome()
    {
        var (_, events) = ReachOutcomeEndpoint.Post(new ReachOutcome(OutcomeKind.FlexJob, OutcomeId: Id(31), HappenedAt: Day(20)), Current, Context(Current));

        Assert.Equal(
            [3, 6, 12, 3, 6, 12],
            FollowUpRules.Pending(Given([.. Reached, .. events]), _ => 91).Select(f => f.CheckpointMonths!.Value));
        Assert.Contains(new FollowUpDue(FollowUpKind.Retention, Day(20).AddMonths(6), OutcomeId: Id(31), CheckpointMonths: 6),
            FollowUpRules.Pending(Given([.. Reached, .. events]), _ => 91));
    }

    [Fact]
    public void An_outcome_id_is_used_once() =>
        ThenProblem(ReachOutcomeEndpoint.Validate(new ReachOutcome(OutcomeKind.OrdinaryJob, OutcomeId: Id(30)), Current, Context(Current)), 409, "outcomeId");

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(12)]
    public void Retention_is_recorded_at_a_checkpoint(int months)
    {
        var command = new RecordOutcomeRetained(Id(30), months);
        var due = Context(Current) with { Now = Day(10).AddMonths(months) };

        ThenAccepted(RecordOutcomeRetainedEndpoint.Validate(command, Current, due));
        var (accepted, events) = RecordOutcomeRetainedEndpoint.Post(command, Current, due);
        ThenAnswer(accepted, Current, 1);
        ThenEvents(events, new OutcomeRetained(Id(30), months, due.Now));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(12)]
    public void A_retention_check_can_be_recorded_up_to_two_weeks_before_it_falls_due(int months)
    {
        var early = Day(10).AddMonths(months) - RecordOutcomeRetainedEndpoint.EarlyCheckTolerance;
        ThenAccepted(Retained(months, at: early, now: Day(400)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(12)]
    public void A_retention_check_is_not_recorded_earlier_than_that(int months)
    {
        var tooEarly = Day(10).AddMonths(months) - RecordOutcomeRetainedEndpoint.EarlyCheckTolerance - TimeSpan.FromMinutes(1);
        ThenProblem(Retained(months, at: tooEarly, now: Day(400)), 400, "checkpointMonths");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(24)]
    public void Retention_checkpoints_are_3_6_and_12_months(int months) =>
        ThenProblem(Retained(months), 400, "checkpointMonths");

    [Fact]
    public void A_checkpoint_is_recorded_once() =>
        ThenProblem(Retained(3, Given([.. Reached, new OutcomeRetained(Id(30), 3, Day(100))])), 409, "checkpointMonths");

    [Fact]
    public void Retention_is_recorded_for_an_outcome_of_the_case() =>
        ThenProblem(RecordOutcomeRetainedEndpoint.Validate(new RecordOutcomeRetained(Id(99), 3), Current, Context(Current)), 400, "outcomeId");

    [Fact]
    public void A_lost_outcome_is_not_retained() =>
        ThenProblem(Retained(3, Given([.. Reached, new OutcomeLost(Id(30), Day(30))])), 409, "outcomeId");

    [Fact]
    public void Retention_is_not_recorded_before_the_outcome_was_reached() =>
        ThenProblem(Retained(3, at: Day(9)), 400, "happenedAt");

    [Fact]
    public void An_outcome_is_lost()
    {
        var command = new RecordOutcomeLost(Id(30), "laid off", HappenedAt: Day(40));

        ThenAccepted(RecordOutcomeLostEndpoint.Validate(command, Current, Context(Current)));
        var (accepted, events) = RecordOutcomeLostEndpoint.Post(command, Current, Context(Current));
        ThenAnswer(accepted, Current, 1);
        ThenEvents(events, new OutcomeLost(Id(30), Day(40), "laid off"));
    }

    [Fact]
    public void An_outcome_is_lost_once()
    {
        var lost = Given([.. Reached, new OutcomeLost(Id(30), Day(30))]);
        ThenProblem(RecordOutcomeLostEndpoint.Validate(new RecordOutcomeLost(Id(30)), lost, Context(lost)), 409, "outcomeId");
    }
}
