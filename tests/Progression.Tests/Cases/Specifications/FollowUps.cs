using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

/// <summary>What a case waits for is derived from the case: the next measurement, the retention checks still open.</summary>
public class FollowUps
{
    private static IReadOnlyList<FollowUpDue> Pending(params object[] events) => [.. FollowUpRules.Pending(Given(events), _ => 91)];

    // Measurement 20 on day 10; the next falls due 91 days later.
    private static readonly object[] Measured20 = [Opened(), Measured(Id(20), day: 10)];
    private static readonly FollowUpDue MeasurementDue = new(FollowUpKind.Measurement, Day(101), Instrument: AdultInstrument);

    // Outcome 30 reached on day 10.
    private static readonly object[] Reached30 = [Opened(), new OutcomeReached(Id(30), OutcomeKind.OrdinaryJob, Day(10))];
    private static FollowUpDue RetentionDue(int months) =>
        new(FollowUpKind.Retention, Day(10).AddMonths(months), OutcomeId: Id(30), CheckpointMonths: months);

    private static readonly CaseClosed Closed = new("moved away", Day(50));

    [Fact]
    public void The_next_measurement_falls_due_an_interval_after_the_latest() =>
        Assert.Equal([MeasurementDue], Pending(Measured20));

    [Fact]
    public void A_newer_measurement_moves_the_next_one_on() =>
        Assert.Equal([MeasurementDue with { HappenedAt = Day(40 + 91) }], Pending([.. Measured20, Measured(Id(21), day: 40)]));

    [Fact]
    public void A_late_registered_older_measurement_does_not_move_it() =>
        Assert.Equal([MeasurementDue], Pending([.. Measured20, Measured(Id(19), day: 5)]));

    [Fact]
    public void A_measurement_follow_up_that_fell_due_waits_no_more() =>
        Assert.Empty(Pending([.. Measured20, MeasurementDue]));

    [Fact]
    public void The_retention_checks_fall_due_at_3_6_and_12_months() =>
        Assert.Equal([RetentionDue(3), RetentionDue(6), RetentionDue(12)], Pending(Reached30));

    [Fact]
    public void A_recorded_checkpoint_waits_no_more() =>
        Assert.Equal([RetentionDue(3), RetentionDue(12)], Pending([.. Reached30, new OutcomeRetained(Id(30), 6, Day(200))]));

    [Fact]
    public void A_lost_outcome_waits_for_no_check() =>
        Assert.Empty(Pending([.. Reached30, new OutcomeLost(Id(30), Day(100))]));

    [Fact]
    public void A_retention_check_that_fell_due_waits_no_more() =>
        Assert.Equal([RetentionDue(3), RetentionDue(12)], Pending([.. Reached30, RetentionDue(6)]));

    [Fact]
    public void A_closed_case_waits_for_nothing() =>
        Assert.Empty(Pending([.. Measured20, .. Reached30.Skip(1), Closed]));

    [Fact]
    public void An_erased_case_waits_for_nothing()
    {
        var erased = Given(Measured20) with { CitizenReference = Erasure.Mask };
        Assert.Empty(FollowUpRules.Pending(erased, _ => 91));
    }

    [Fact]
    public void What_has_fallen_due_by_a_moment_comes_oldest_first_and_the_next_is_the_earliest_waiting()
    {
        // Measured on day 20 (next due day 111), outcome on day 10 (first check due three months later, before that).
        var current = Given([Opened(), Measured(Id(20), day: 20), .. Reached30.Skip(1)]);

        Assert.Equal([RetentionDue(3), MeasurementDue with { HappenedAt = Day(111) }],
            FollowUpRules.DueBy(current, _ => 91, Day(10).AddMonths(4)));
        Assert.Equal(Day(10).AddMonths(3), FollowUpRules.Next(current, _ => 91));
    }

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
