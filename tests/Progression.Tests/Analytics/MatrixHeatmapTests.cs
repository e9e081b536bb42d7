using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using static Progression.Tests.Analytics.AnalyticsFacts;

namespace Progression.Tests.Analytics;

public class MatrixHeatmapTests
{
    private const string Structural = "structural";
    private const string PhysicalHealth = "adult.physical-health-problems";
    private const string WalkAndTalk = "Walk and talk";

    // Case 1: barrier 1 addressed by IPS; barrier 2 resolved 1 May; barrier 3 (economic) identified in 2025; barrier 4
    // (housing) addressed by Housing First until it completed on 1 June; barrier 5 identified in July.
    private static readonly CaseFacts First = Case(1, "adult", D(2025, 12, 1),
        Barrier(3, EconomicProblems, Individual, D(2025, 12, 15)),
        Barrier(1, MentalIllness, Individual, D(2026, 2, 1)),
        Started(10, Ips, D(2026, 2, 10), 1),
        Barrier(2, MentalIllness, Individual, D(2026, 3, 1)),
        Barrier(4, HousingProblems, Individual, D(2026, 4, 1)),
        Started(11, HousingFirst, D(2026, 4, 5), 4),
        Resolved(2, D(2026, 5, 1)),
        Completed(11, D(2026, 6, 1)),
        Barrier(5, WeakNetwork, Interpersonal, D(2026, 7, 15)));

    // Case 2: barrier 3 addressed by KVIS until it completed on 30 June; barrier 1 addressed by a local intervention
    // placed in another cell; barrier 2 resolved on 30 June; IPS started on 1 July, addressing nothing.
    private static readonly CaseFacts Second = Case(2, "adult", D(2026, 1, 1),
        Barrier(3, MentalIllness, Individual, D(2026, 1, 1)),
        Barrier(1, MentalIllness, Individual, D(2026, 1, 20)),
        StartedLocal(10, WalkAndTalk, [new MatrixCell(WeakNetwork, Interpersonal)], D(2026, 1, 25), 1),
        Barrier(2, MentalIllness, Individual, D(2026, 2, 1)),
        Started(11, Kvis, D(2026, 3, 1), 3),
        Resolved(2, D(2026, 6, 30)),
        Completed(11, D(2026, 6, 30)),
        Started(12, Ips, D(2026, 7, 1)));

    // Case 3: IPS twice (started again while the first still runs), no barriers.
    private static readonly CaseFacts Third = Case(3, "adult", D(2026, 1, 1),
        Started(10, Ips, D(2026, 5, 1)),
        Started(11, Ips, D(2026, 6, 1)));

    // Case 4: another target group.
    private static readonly CaseFacts Youth = Case(4, "youth", D(2026, 1, 1),
        Barrier(1, YouthMentalIllness, Individual, D(2026, 2, 1)),
        Started(10, UTurn, D(2026, 2, 1), 1));

    private static readonly CaseFacts[] All = [First, Second, Third, Youth];

    private static readonly DateTimeOffset Now = D(2026, 9, 1);

    private static HeatmapCell At(IReadOnlyList<HeatmapCell> grid, string factor, string level) =>
        grid.Single(c => c.Factor == factor && c.Level == level);

    /// <summary>Identified, Open, Resolved, Addressed, BlindSpots.</summary>
    private static (int, int, int, int, int) Counts(HeatmapCell cell) =>
        (cell.Identified, cell.Open, cell.Resolved, cell.Addressed, cell.BlindSpots);

    private static void OnlyTheseCellsHaveAnything(IReadOnlyList<HeatmapCell> grid, params (string Factor, string Level)[] cells)
    {
        var empty = grid.Where(c => !cells.Contains((c.Factor, c.Level))).ToList();
        Assert.Equal(60 - cells.Length, empty.Count);
        Assert.All(empty, c =>
        {
            Assert.Equal((0, 0, 0, 0, 0), Counts(c));
            Assert.Empty(c.Interventions);
        });
    }

    [Fact]
    public void The_grid_has_every_factor_of_the_group_by_every_level_in_catalogue_order()
    {
        var grid = MatrixHeatmap.Of([], TheCatalogue, "adult", null, null, Now);

        // 15 adult risk factors × 4 levels, factor by factor, levels structural → individual.
        Assert.Equal(60, grid.Count);
        Assert.Equal(
            [(MentalIllness, Structural), (MentalIllness, Institutional), (MentalIllness, Interpersonal), (MentalIllness, Individual),
             (PhysicalHealth, Structural)],
            grid.Take(5).Select(c => (c.Factor, c.Level)));
        Assert.Equal(("adult.deprived-housing-areas", Individual), (grid[^1].Factor, grid[^1].Level));
        OnlyTheseCellsHaveAnything(grid);
    }

    [Fact]
    public void A_period_counts_the_barriers_identified_in_it_as_they_stood_at_its_end()
    {
        var grid = MatrixHeatmap.Of(All, TheCatalogue, "adult", D(2026, 1, 1), D(2026, 6, 30), Now);

        // Mental illness, individual: case 1's barriers 1 (addressed by IPS) and 2 (resolved); case 2's 1 (addressed by
        // the local intervention), 2 (resolved at the period's very end) and 3 (its KVIS ended at that very moment).
        var mentalIllness = At(grid, MentalIllness, Individual);
        Assert.Equal((5, 3, 2, 2, 1), Counts(mentalIllness));
        // IPS runs in cases 1 and 3 (twice in case 3, one case); the local one reaches the cell through its barrier.
        Assert.Equal(
            [new InterventionUse(Ips, IpsName, 2), new InterventionUse("local:" + WalkAndTalk, WalkAndTalk, 1)],
            mentalIllness.Interventions);

        Assert.Equal((0, 0, 0, 0, 0), Counts(At(grid, MentalIllness, Institutional)));
        Assert.Equal([new InterventionUse(Ips, IpsName, 2)], At(grid, MentalIllness, Institutional).Interventions);

        // Housing First completed on 1 June: the barrier it addressed is a blind spot on 30 June.
        Assert.Equal((1, 1, 0, 0, 1), Counts(At(grid, HousingProblems, Individual)));
        Assert.Empty(At(grid, HousingProblems, Individual).Interventions);

        // The local intervention's own cell; barrier 5 (July) lies after the period.
        Assert.Equal((0, 0, 0, 0, 0), Counts(At(grid, WeakNetwork, Interpersonal)));
        Assert.Equal([new InterventionUse("local:" + WalkAndTalk, WalkAndTalk, 1)], At(grid, WeakNetwork, Interpersonal).Interventions);

        // The economic barrier (December 2025) lies before the period; the youth case is not counted at all.
        OnlyTheseCellsHaveAnything(grid,
            (MentalIllness, Individual), (MentalIllness, Institutional), (HousingProblems, Individual), (WeakNetwork, Interpersonal));
    }

    [Fact]
    public void Without_an_upper_bound_the_state_is_read_now()
    {
        var grid = MatrixHeatmap.Of(All, TheCatalogue, "adult", null, null, Now);

        Assert.Equal((5, 3, 2, 2, 1), Counts(At(grid, MentalIllness, Individual)));
        // Case 2's IPS (from 1 July) now runs too.
        Assert.Equal(
            [new InterventionUse(Ips, IpsName, 3), new InterventionUse("local:" + WalkAndTalk, WalkAndTalk, 1)],
            At(grid, MentalIllness, Individual).Interventions);
        Assert.Equal([new InterventionUse(Ips, IpsName, 3)], At(grid, MentalIllness, Institutional).Interventions);
        Assert.Equal((1, 1, 0, 0, 1), Counts(At(grid, EconomicProblems, Individual)));
        Assert.Equal((1, 1, 0, 0, 1), Counts(At(grid, HousingProblems, Individual)));
        Assert.Equal((1, 1, 0, 0, 1), Counts(At(grid, WeakNetwork, Interpersonal)));
        Assert.Equal([new InterventionUse("local:" + WalkAndTalk, WalkAndTalk, 1)], At(grid, WeakNetwork, Interpersonal).Interventions);
        OnlyTheseCellsHaveAnything(grid,
            (MentalIllness, Individual), (MentalIllness, Institutional), (EconomicProblems, Individual),
            (HousingProblems, Individual), (WeakNetwork, Interpersonal));
        Assert.Equal(8, grid.Sum(c => c.Identified));
    }

    [Fact]
    public void A_heatmap_of_the_past_shows_what_was_open_and_running_then()
    {
        var grid = MatrixHeatmap.Of(All, TheCatalogue, "adult", null, D(2026, 4, 15), Now);

        // On 15 April nothing was resolved yet. Addressed: case 1's barrier 1 (IPS), case 2's 1 (local) and 3 (KVIS,
        // running 1 March – 30 June). Blind: the barriers 2 of both cases.
        var mentalIllness = At(grid, MentalIllness, Individual);
        Assert.Equal((5, 5, 0, 3, 2), Counts(mentalIllness));
        // Case 3's IPS had not started; catalogue interventions by number (IPS 1, KVIS 8), then the local one.
        Assert.Equal(
            [
                new InterventionUse(Ips, IpsName, 1),
                new InterventionUse(Kvis, "KVIS", 1),
                new InterventionUse("local:" + WalkAndTalk, WalkAndTalk, 1),
            ],
            mentalIllness.Interventions);
        Assert.Equal([new InterventionUse(Ips, IpsName, 1), new InterventionUse(Kvis, "KVIS", 1)],
            At(grid, MentalIllness, Institutional).Interventions);

        // Housing First ran then, addressing barrier 4.
        Assert.Equal((1, 1, 0, 1, 0), Counts(At(grid, HousingProblems, Individual)));
        Assert.Equal([new InterventionUse(HousingFirst, "Housing First", 1)], At(grid, HousingProblems, Individual).Interventions);
        Assert.Equal([new InterventionUse(HousingFirst, "Housing First", 1)], At(grid, HousingProblems, Institutional).Interventions);

        Assert.Equal((1, 1, 0, 0, 1), Counts(At(grid, EconomicProblems, Individual)));
        // KVIS is placed in physical health problems too.
        Assert.Equal([new InterventionUse(Kvis, "KVIS", 1)], At(grid, PhysicalHealth, Individual).Interventions);
        Assert.Equal([new InterventionUse(Kvis, "KVIS", 1)], At(grid, PhysicalHealth, Institutional).Interventions);
        Assert.Equal((0, 0, 0, 0, 0), Counts(At(grid, PhysicalHealth, Individual)));
        OnlyTheseCellsHaveAnything(grid,
            (MentalIllness, Individual), (MentalIllness, Institutional), (EconomicProblems, Individual),
            (HousingProblems, Individual), (HousingProblems, Institutional), (PhysicalHealth, Individual),
            (PhysicalHealth, Institutional), (WeakNetwork, Interpersonal));
    }

    [Fact]
    public void Only_cases_of_the_group_count()
    {
        var grid = MatrixHeatmap.Of(All, TheCatalogue, "youth", null, null, Now);

        Assert.Equal(60, grid.Count);
        var mentalIllness = At(grid, YouthMentalIllness, Individual);
        Assert.Equal((1, 1, 0, 1, 0), Counts(mentalIllness));
        // U-turn is placed in risky substance use, but addresses this barrier.
        Assert.Equal([new InterventionUse(UTurn, "U-turn", 1)], mentalIllness.Interventions);
        Assert.Equal(1, grid.Sum(c => c.Identified));
    }

    [Fact]
    public void An_unknown_group_has_no_grid()
    {
        Assert.Empty(MatrixHeatmap.Of(All, TheCatalogue, "elderly", null, null, Now));
    }

    [Fact]
    public void A_period_with_nothing_in_it_is_an_empty_grid()
    {
        var grid = MatrixHeatmap.Of(All, TheCatalogue, "adult", D(2027, 1, 1), D(2027, 12, 31), Now);

        Assert.Equal(60, grid.Count);
        Assert.Equal(0, grid.Sum(c => c.Identified));
        // Interventions still running at the period's end show, even without barriers found in it: IPS where it is placed,
        // Walk and talk in the cell of the barrier it addresses (identified before the period).
        Assert.Equal([new InterventionUse(Ips, IpsName, 3), new InterventionUse("local:" + WalkAndTalk, WalkAndTalk, 1)],
            At(grid, MentalIllness, Individual).Interventions);
    }
}
