using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using static Progression.Tests.Analytics.AnalyticsFacts;

namespace Progression.Tests.Analytics;

public class InterventionOutcomesTests
{
    private const string JobClub = "Job club";
    private static readonly DateTimeOffset Now = D(2027, 6, 1);
    private static readonly DateTimeOffset From = D(2026, 2, 1);
    private static readonly DateTimeOffset To = D(2026, 12, 31);

    // Case 1. IPS 1 Feb – 1 May (completed); a local job club 1 – 10 March (dropped out). A job on 15 July, kept at
    // 3 and 6 months. Adult instrument (mastery, search, everyday): 20 Jan (2,4,6), 1 Feb (3,4,6), 1 Apr (5,5,7),
    // 30 May (6,6,6), 2 Jun (9,9,9). Youth instrument: 25 Jan (education 4, work 2), 20 Apr (6, 5, social life 7).
    private static readonly CaseFacts First = Case(1, "adult", D(2026, 1, 1),
        Adult(1, D(2026, 1, 20), 2, 4, 6),
        Measured(2, YouthInstrument, D(2026, 1, 25), ("education", 4m), ("work", 2m)),
        Adult(3, D(2026, 2, 1), 3, 4, 6),
        Started(10, Ips, D(2026, 2, 1)),
        StartedLocal(11, JobClub, [], D(2026, 3, 1)),
        DroppedOut(11, D(2026, 3, 10)),
        Adult(4, D(2026, 4, 1), 5, 5, 7),
        Measured(5, YouthInstrument, D(2026, 4, 20), ("education", 6m), ("work", 5m), ("social-life", 7m)),
        Completed(10, D(2026, 5, 1)),
        Adult(6, D(2026, 5, 30), 6, 6, 6),
        Adult(7, D(2026, 6, 2), 9, 9, 9),
        Reached(30, D(2026, 7, 15)),
        Retained(30, 3, D(2026, 10, 15)),
        Retained(30, 6, D(2027, 1, 15)));

    // Case 2. IPS from 1 March, still running; an earlier IPS from 15 January (before the period). An education started
    // 15 October (kept at 3 months, then lost), a job 10 January 2027 (kept at 6 months: but it is not the first).
    // Adult instrument: 15 Feb (4,4,4), 1 Jun (5,5,5), 20 May 2027 (6,7,8).
    private static readonly CaseFacts Second = Case(2, "adult", D(2026, 1, 1),
        Started(9, Ips, D(2026, 1, 15)),
        Adult(1, D(2026, 2, 15), 4, 4, 4),
        Started(10, Ips, D(2026, 3, 1)),
        Adult(2, D(2026, 6, 1), 5, 5, 5),
        Reached(30, D(2026, 10, 15), OutcomeKind.EducationStarted),
        Retained(30, 3, D(2027, 1, 15)),
        Reached(31, D(2027, 1, 10)),
        Lost(30, D(2027, 2, 1)),
        Retained(31, 6, D(2027, 7, 10)),
        Adult(3, D(2027, 5, 20), 6, 7, 8));

    // Case 3 (youth). U-turn 1 April – 1 August; the job club from 1 May, running; measured only after both started;
    // U-turn again on 5 January 2027 (after the period).
    private static readonly CaseFacts Third = Case(3, "youth", D(2026, 1, 1),
        Started(10, UTurn, D(2026, 4, 1)),
        StartedLocal(11, JobClub, [], D(2026, 5, 1)),
        Measured(1, YouthInstrument, D(2026, 6, 1), ("education", 5m)),
        Completed(10, D(2026, 8, 1)),
        Started(12, UTurn, D(2027, 1, 5)));

    private static readonly CaseFacts[] All = [First, Second, Third];

    [Fact]
    public void Each_intervention_shows_its_participations_and_what_followed()
    {
        var outcomes = InterventionOutcomes.Of(All, TheCatalogue, null, From, To, Now);

        Assert.Equal(
            [
                // IPS: case 1 (from 1 Feb, the period's first day) and case 2 (from 1 March); case 2's January IPS is
                // outside. Within 6 months: case 1's job (15 July ≤ 1 August); case 2's education (15 October) only within
                // 12. Retained at 6: case 1's job; case 2's first outcome (the education) was not.
                // Change, case 1: adult baseline 1 Feb (3,4,6) (measured on the start day), follow-up 30 May (6,6,6)
                // (2 June lies beyond 1 May + 31 days): (3 + 2 + 0) / 3 = 5/3; youth baseline 25 Jan (4,2), follow-up
                // 20 April (6,5): (2 + 3) / 2 = 5/2; mean 25/12. Case 2, running: baseline 15 Feb (4,4,4), follow-up
                // 20 May 2027 (6,7,8): 3. Mean (25/12 + 3) / 2 = 61/24 = 2.5416….
                new InterventionOutcome(Ips, IpsName, "evidence", 2, 1, 0, 1, 2, 1, 2, 2.54m),
                // U-turn: case 3 from 1 April (again in 2027, outside); no outcome, no measurement before it.
                new InterventionOutcome(UTurn, "U-turn", "positive-indication", 1, 1, 0, 0, 0, 0, 0, null),
                // Job club: case 1 (dropped out) and case 3 (running). Case 1's job (15 July) lies within 6 months of
                // 1 March and was kept at 6. Change, case 1: adult baseline 1 Feb (3,4,6), follow-up 1 April (5,5,7) (within
                // 10 March + 31 days): (2 + 1 + 1) / 3 = 4/3; youth follow-up 20 April too late. Case 3 has no baseline.
                new InterventionOutcome("local:" + JobClub, JobClub, null, 2, 0, 1, 1, 1, 1, 1, 1.33m),
            ],
            outcomes);
    }

    [Fact]
    public void A_group_counts_only_its_cases()
    {
        var outcomes = InterventionOutcomes.Of(All, TheCatalogue, "youth", From, To, Now);

        Assert.Equal(
            [
                new InterventionOutcome(UTurn, "U-turn", "positive-indication", 1, 1, 0, 0, 0, 0, 0, null),
                new InterventionOutcome("local:" + JobClub, JobClub, null, 1, 0, 0, 0, 0, 0, 0, null),
            ],
            outcomes);
    }

    [Fact]
    public void Without_bounds_every_participation_counts()
    {
        var outcomes = InterventionOutcomes.Of(All, TheCatalogue, null, null, null, Now);

        // IPS three times now: case 2's January IPS also saw the education (15 October, within 12 months of 15 January),
        // not kept at 6; its change: baseline none (15 Feb is after the start) → no change.
        Assert.Equal(new InterventionOutcome(Ips, IpsName, "evidence", 3, 1, 0, 1, 3, 1, 2, 2.54m), outcomes[0]);
        // U-turn twice: the 2027 one runs, without outcomes or measurements after it.
        Assert.Equal(new InterventionOutcome(UTurn, "U-turn", "positive-indication", 2, 1, 0, 0, 0, 0, 0, null), outcomes[1]);
        Assert.Equal(3, outcomes.Count);
    }

    [Fact]
    public void The_outcome_windows_are_calendar_months_from_the_start_both_ends_included()
    {
        // Started 31 August: six months on is 28 February, twelve months on is 31 August.
        CaseFacts Started31August(params object[] events) =>
            Case(1, "adult", D(2026, 8, 1), [Started(10, Ips, D(2026, 8, 31)), .. events]);

        var onTheStartDay = Started31August(Reached(30, D(2026, 8, 31)));
        var sixMonthsOn = Started31August(Reached(30, D(2027, 2, 28)));
        var aDayLater = Started31August(Reached(30, D(2027, 3, 1)));
        var twelveMonthsOn = Started31August(Reached(30, D(2027, 8, 31)));
        var tooLate = Started31August(Reached(30, D(2027, 9, 1)));
        var before = Case(1, "adult", D(2026, 8, 1), Reached(30, D(2026, 8, 30)), Started(10, Ips, D(2026, 8, 31)));

        (int Within6, int Within12) Windows(CaseFacts facts)
        {
            var outcome = InterventionOutcomes.Of([facts], TheCatalogue, null, null, null, D(2028, 1, 1)).Single();
            return (outcome.OutcomeWithin6Months, outcome.OutcomeWithin12Months);
        }

        Assert.Equal((1, 1), Windows(onTheStartDay));
        Assert.Equal((1, 1), Windows(sixMonthsOn));
        Assert.Equal((0, 1), Windows(aDayLater));
        Assert.Equal((0, 1), Windows(twelveMonthsOn));
        Assert.Equal((0, 0), Windows(tooLate));
        Assert.Equal((0, 0), Windows(before));
    }

    [Fact]
    public void Retention_is_read_from_the_first_outcome_after_the_start()
    {
        // An outcome before the start does not count; the first after it (kept at 6) does, the second (not kept) does not.
        var facts = Case(1, "adult", D(2026, 1, 1),
            Reached(29, D(2026, 1, 10)),
            Started(10, Ips, D(2026, 2, 1)),
            Reached(30, D(2026, 3, 1)),
            Reached(31, D(2026, 4, 1)),
            Retained(29, 6, D(2026, 7, 10)),
            Retained(30, 6, D(2026, 9, 1)));

        var outcome = InterventionOutcomes.Of([facts], TheCatalogue, null, null, null, D(2027, 1, 1)).Single();

        Assert.Equal((1, 1, 1), (outcome.OutcomeWithin6Months, outcome.OutcomeWithin12Months, outcome.RetainedAt6Months));
    }

    [Fact]
    public void A_running_intervention_s_follow_up_may_be_taken_up_to_a_month_after_now()
    {
        // Started 1 March, running; now 1 June: a measurement of 2 July (≤ 1 June + 31 days) is its follow-up, and it is
        // the latest, not the one of 1 May. Of 3 July, it would not be.
        var facts = Case(1, "adult", D(2026, 1, 1),
            Adult(1, D(2026, 3, 1), 2, 2, 2),
            Started(10, Ips, D(2026, 3, 1)),
            Adult(2, D(2026, 5, 1), 3, 3, 3),
            Adult(3, D(2026, 7, 2), 5, 6, 7),
            Adult(4, D(2026, 7, 3), 9, 9, 9));

        var outcome = InterventionOutcomes.Of([facts], TheCatalogue, null, null, null, D(2026, 6, 1)).Single();

        // (3 + 4 + 5) / 3.
        Assert.Equal((1, 4m), (outcome.WithProgressionChange, outcome.MeanProgressionChange));
    }

    [Fact]
    public void Only_dimensions_scored_both_times_make_the_change()
    {
        var facts = Case(1, "adult", D(2026, 1, 1),
            Measured(1, AdultInstrument, D(2026, 1, 1), (Mastery, 2m), (Search, 5m)),
            Started(10, Ips, D(2026, 1, 2)),
            Measured(2, AdultInstrument, D(2026, 2, 1), (Mastery, 3m), (Everyday, 8m)),
            Measured(3, YouthInstrument, D(2026, 1, 1), ("education", 4m)),
            Measured(4, YouthInstrument, D(2026, 2, 1), ("work", 4m)));

        var outcome = InterventionOutcomes.Of([facts], TheCatalogue, null, null, null, D(2026, 3, 1)).Single();

        // Adult: mastery only, +1; youth: no dimension in both, so no change for it.
        Assert.Equal((1, 1m), (outcome.WithProgressionChange, outcome.MeanProgressionChange));
    }

    [Fact]
    public void No_participations_no_rows()
    {
        Assert.Empty(InterventionOutcomes.Of([], TheCatalogue, null, null, null, Now));
        Assert.Empty(InterventionOutcomes.Of(All, TheCatalogue, null, D(2030, 1, 1), null, Now));
        Assert.Empty(InterventionOutcomes.Of(All, TheCatalogue, "adult", D(2026, 12, 1), D(2026, 12, 31), Now));
    }
}
