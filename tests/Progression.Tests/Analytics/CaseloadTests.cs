using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using static Progression.Tests.Analytics.AnalyticsFacts;

namespace Progression.Tests.Analytics;

public class CaseloadTests
{
    private static readonly DateTimeOffset Now = D(2026, 6, 1);

    private static FollowUpDue MeasurementDue(DateTimeOffset at, string instrument = AdultInstrument) =>
        new(FollowUpKind.Measurement, at, instrument);

    private static FollowUpDue RetentionDue(int outcome, int months, DateTimeOffset at) =>
        new(FollowUpKind.Retention, at, OutcomeId: Part(outcome), CheckpointMonths: months);

    // Case 1: no follow-up due, the oldest; two open barriers (one addressed by a running intervention), one resolved;
    // one intervention running and one completed.
    private static readonly CaseFacts Quiet = Case(1, "adult", D(2026, 1, 1),
        new MentorAssigned("mentor-a", D(2026, 1, 2)),
        Barrier(1, MentalIllness, Individual, D(2026, 1, 5)),
        Barrier(2, HousingProblems, Individual, D(2026, 1, 6)),
        Barrier(3, EconomicProblems, Individual, D(2026, 1, 7)),
        Resolved(3, D(2026, 3, 1)),
        Started(10, Ips, D(2026, 1, 10), 1),
        Started(11, HousingFirst, D(2026, 1, 11), 2),
        Completed(11, D(2026, 4, 1)));

    // Case 2: two follow-ups due (a third settled by its measurement, a fourth not yet due), opened after case 3.
    private static readonly CaseFacts Busy = Case(2, "adult", D(2026, 2, 1),
        new MentorAssigned("mentor-a", D(2026, 2, 1)),
        new MentorAssigned("mentor-b", D(2026, 2, 1)),
        Reached(30, D(2026, 2, 10)),
        MeasurementDue(D(2026, 5, 1)),
        Adult(20, D(2026, 5, 2), 5, 5, 5),
        RetentionDue(30, 3, D(2026, 5, 10)),
        MeasurementDue(D(2026, 5, 20), YouthInstrument),
        MeasurementDue(D(2026, 6, 15)));

    // Case 3: two follow-ups due, opened before case 2; mentor-a was assigned and unassigned again.
    private static readonly CaseFacts Older = Case(3, "youth", D(2026, 1, 15),
        new MentorAssigned("mentor-a", D(2026, 1, 15)),
        new MentorUnassigned("mentor-a", D(2026, 2, 1)),
        new MentorAssigned("mentor-b", D(2026, 2, 1)),
        MeasurementDue(D(2026, 4, 15), YouthInstrument),
        MeasurementDue(D(2026, 5, 15)));

    // Case 4: closed, with a follow-up due: off every caseload.
    private static readonly CaseFacts Closed = Case(4, "adult", D(2025, 12, 1),
        new MentorAssigned("mentor-a", D(2025, 12, 1)),
        MeasurementDue(D(2026, 3, 1)),
        new CaseClosed("moved", D(2026, 3, 2)));

    private static readonly CaseFacts[] All = [Quiet, Busy, Older, Closed];

    [Fact]
    public void Open_cases_come_most_follow_ups_due_first_then_oldest_first()
    {
        var caseload = Caseload.Of(All, mentor: null, Now);

        Assert.Equal([CaseNo(3), CaseNo(2), CaseNo(1)], caseload.Select(e => e.CaseId));
        Assert.Equal([2, 2, 0], caseload.Select(e => e.DueFollowUps.Count));
    }

    [Fact]
    public void A_mentor_sees_only_the_cases_they_are_assigned_to()
    {
        Assert.Equal([CaseNo(2), CaseNo(1)], Caseload.Of(All, "mentor-a", Now).Select(e => e.CaseId));
        Assert.Equal([CaseNo(3), CaseNo(2)], Caseload.Of(All, "mentor-b", Now).Select(e => e.CaseId));
        Assert.Empty(Caseload.Of(All, "mentor-nobody", Now));
    }

    [Fact]
    public void An_entry_counts_open_barriers_blind_spots_and_running_interventions()
    {
        var entry = Caseload.Of([Quiet], null, Now).Single();

        Assert.Equal(CaseNo(1), entry.CaseId);
        Assert.Equal("adult", entry.TargetGroup);
        Assert.Equal(D(2026, 1, 1), entry.OpenedAt);
        Assert.Equal(["mentor-a"], entry.Mentors);
        Assert.Empty(entry.DueFollowUps);
        // Barriers 1 and 2 open (3 resolved); 2's Housing First completed, so 2 is a blind spot; IPS still runs.
        Assert.Equal(2, entry.OpenBarriers);
        Assert.Equal(1, entry.BlindSpots);
        Assert.Equal(1, entry.ActiveInterventions);
    }

    [Fact]
    public void Due_follow_ups_are_those_due_by_now_oldest_first()
    {
        var entry = Caseload.Of([Busy], null, Now).Single();

        Assert.Equal(
            [
                new DueFollowUp(FollowUpKind.Retention, D(2026, 5, 10), null, Part(30), 3),
                new DueFollowUp(FollowUpKind.Measurement, D(2026, 5, 20), YouthInstrument, null, null),
            ],
            entry.DueFollowUps);
        Assert.Equal(["mentor-a", "mentor-b"], entry.Mentors);
        Assert.Equal((0, 0, 0), (entry.OpenBarriers, entry.BlindSpots, entry.ActiveInterventions));
    }

    [Fact]
    public void No_cases_no_caseload()
    {
        Assert.Empty(Caseload.Of([], null, Now));
        Assert.Empty(Caseload.Of([Closed], null, Now));
    }
}
