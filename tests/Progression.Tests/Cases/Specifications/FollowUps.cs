using Progression.Api.Cases.FollowUps;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

/// <summary>When a scheduled follow-up fires it is decided against the case as it stands: moot ones append nothing.</summary>
public class FollowUps
{
    // Measurement 20 on day 10; its follow-up falls due 91 days later.
    private static readonly object[] Measured20 = [Opened(), Measured(Id(20), day: 10)];
    private static readonly MeasurementFollowUp NextMeasurement = new(CaseId, AdultInstrument, Id(20), Day(101));
    private static readonly FollowUpDue MeasurementDue = new(FollowUpKind.Measurement, Day(101), Instrument: AdultInstrument);

    // Outcome 30 reached on day 10; its 6-month retention check.
    private static readonly object[] Reached30 = [Opened(), new OutcomeReached(Id(30), OutcomeKind.OrdinaryJob, Day(10))];
    private static RetentionFollowUp RetentionCheck(int months) => new(CaseId, Id(30), months, Day(10).AddMonths(months));
    private static FollowUpDue RetentionDue(int months) =>
        new(FollowUpKind.Retention, Day(10).AddMonths(months), OutcomeId: Id(30), CheckpointMonths: months);

    private static readonly CaseClosed Closed = new("moved away", Day(50));

    [Fact]
    public void The_next_measurement_falls_due_when_none_came_since()
    {
        Assert.Equal(MeasurementDue, FollowUpSchedule.Decide(Given(Measured20), NextMeasurement));
        Assert.Equal([MeasurementDue], FollowUpHandler.Handle(NextMeasurement, Given(Measured20)));
    }

    [Fact]
    public void A_newer_measurement_of_the_instrument_makes_the_follow_up_moot()
    {
        var current = Given([.. Measured20, Measured(Id(21), day: 40)]);

        Assert.Null(FollowUpSchedule.Decide(current, NextMeasurement));
        Assert.Empty(FollowUpHandler.Handle(NextMeasurement, current));
    }

    [Fact]
    public void A_late_registered_older_measurement_does_not_make_the_newer_ones_follow_up_moot()
    {
        var current = Given([.. Measured20, Measured(Id(19), day: 5)]);

        Assert.Equal(MeasurementDue, FollowUpSchedule.Decide(current, NextMeasurement));
        Assert.Null(FollowUpSchedule.Decide(current, new MeasurementFollowUp(CaseId, AdultInstrument, Id(19), Day(96))));
    }

    [Fact]
    public void A_measurement_follow_up_already_due_is_not_due_twice() =>
        Assert.Null(FollowUpSchedule.Decide(Given([.. Measured20, MeasurementDue]), NextMeasurement));

    [Fact]
    public void A_measurement_follow_up_does_not_fire_for_a_closed_case() =>
        Assert.Null(FollowUpSchedule.Decide(Given([.. Measured20, Closed]), NextMeasurement));

    [Fact]
    public void A_retention_check_falls_due_at_its_checkpoint() =>
        Assert.Equal(RetentionDue(6), FollowUpSchedule.Decide(Given(Reached30), RetentionCheck(6)));

    [Fact]
    public void A_retention_check_is_moot_once_its_checkpoint_was_recorded()
    {
        var current = Given([.. Reached30, new OutcomeRetained(Id(30), 6, Day(200))]);

        Assert.Null(FollowUpSchedule.Decide(current, RetentionCheck(6)));
        Assert.Equal(RetentionDue(12), FollowUpSchedule.Decide(current, RetentionCheck(12)));
    }

    [Fact]
    public void A_retention_check_is_moot_once_the_outcome_was_lost() =>
        Assert.Null(FollowUpSchedule.Decide(Given([.. Reached30, new OutcomeLost(Id(30), Day(100))]), RetentionCheck(6)));

    [Fact]
    public void A_retention_check_already_due_is_not_due_twice() =>
        Assert.Null(FollowUpSchedule.Decide(Given([.. Reached30, RetentionDue(6)]), RetentionCheck(6)));

    [Fact]
    public void A_retention_check_does_not_fire_for_a_closed_case() =>
        Assert.Null(FollowUpSchedule.Decide(Given([.. Reached30, Closed]), RetentionCheck(6)));

    [Fact]
    public void A_follow_up_that_fell_due_is_listed_on_the_case_once()
    {
        var current = Given([.. Measured20, MeasurementDue, MeasurementDue]);

        Assert.Equal([new DueFollowUp(FollowUpKind.Measurement, Day(101), AdultInstrument, null, null)], current.DueFollowUps);
    }

    [Fact]
    public void The_measurement_clears_its_due_follow_up() =>
        Assert.Empty(Given([.. Measured20, MeasurementDue, Measured(Id(21), day: 102)]).DueFollowUps);

    [Fact]
    public void The_retention_result_clears_the_due_check_of_its_checkpoint_only()
    {
        var current = Given([.. Reached30, RetentionDue(3), RetentionDue(6), new OutcomeRetained(Id(30), 3, Day(110))]);

        Assert.Equal([6], current.DueFollowUps.Select(f => f.CheckpointMonths));
    }

    [Fact]
    public void Losing_the_outcome_clears_its_due_checks() =>
        Assert.Empty(Given([.. Reached30, RetentionDue(3), RetentionDue(6), new OutcomeLost(Id(30), Day(200))]).DueFollowUps);
}
