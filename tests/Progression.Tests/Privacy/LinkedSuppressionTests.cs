using Progression.Api.Graph;
using Progression.Domain.Analytics;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Privacy;

/// <summary>
/// The heatmap's five measures are one table each, but linked: identified = open + resolved and open = addressed + blind
/// spots in every cell. An evaluator holding every published count, each table's row and column totals (which they can
/// count elsewhere) and those two identities must not be able to solve for any hidden count.
/// </summary>
public class LinkedSuppressionTests
{
    private const int Measures = 5; // identified, open, resolved, addressed, blind spots

    [Fact]
    public void No_hidden_count_of_any_measure_can_be_solved_from_the_others_and_the_totals() =>
        Assert.All(RandomHeatmaps(), cells =>
        {
            var shown = new Disclosure(suppress: true, threshold: 5).Heatmap(cells);
            Assert.Empty(Solvable(shown));
        });

    [Fact]
    public void What_is_shown_is_true_and_no_small_count_is_shown() =>
        Assert.All(RandomHeatmaps(), cells =>
        {
            var shown = new Disclosure(suppress: true, threshold: 5).Heatmap(cells);
            foreach (var (truth, view) in cells.Zip(shown))
                foreach (var (value, published) in Values(truth).Zip(Values(view)))
                {
                    Assert.True(published is null || published == value, $"{published} shown for {value}");
                    Assert.False(value is > 0 and < 5 && published is not null, $"{value} shown");
                }
        });

    [Fact]
    public void Without_linking_the_measures_a_hidden_count_would_be_solvable()
    {
        // The defect as found: hiding each measure on its own leaves a hidden value that the others give away.
        var found = RandomHeatmaps().Any(cells => Solvable(Separately(cells)).Count > 0);
        Assert.True(found, "the random heatmaps no longer show why linking is needed");
    }

    private static int?[] Values(HeatmapCell c) => [c.Identified, c.Open, c.Resolved, c.Addressed, c.BlindSpots];

    private static int?[] Values(HeatmapCellView c) => [c.Identified, c.Open, c.Resolved, c.Addressed, c.BlindSpots];

    /// <summary>Each measure suppressed as its own table, as before: what the linked suppression must improve on.</summary>
    private static IReadOnlyList<HeatmapCellView> Separately(IReadOnlyList<HeatmapCell> cells)
    {
        var views = Enumerable.Range(0, Measures).Select(m => new Disclosure(true, 5).Heatmap(
            [.. cells.Select(c => c with { Identified = Values(c)[m]!.Value, Open = 0, Resolved = 0, Addressed = 0, BlindSpots = 0 })])).ToList();
        return [.. cells.Select((c, i) => new HeatmapCellView(c.Factor, c.Level, views[0][i].Identified, views[1][i].Identified,
            views[2][i].Identified, views[3][i].Identified, views[4][i].Identified, []))];
    }

    /// <summary>
    /// The hidden counts an evaluator can pin down. Unknowns: every hidden (measure, cell). Equations: per measure, each
    /// row and each column sums to its known total; per cell, the two identities.
    /// </summary>
    private static List<(int Measure, string Factor, string Level)> Solvable(IReadOnlyList<HeatmapCellView> shown)
    {
        var unknowns = shown.SelectMany(c => Values(c).Select((v, m) => (v, Key: (Measure: m, c.Factor, c.Level))))
            .Where(x => x.v is null).Select(x => x.Key).ToList();
        var index = unknowns.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i);
        double[] Equation(IEnumerable<((int, string, string) Key, double Sign)> terms)
        {
            var row = new double[unknowns.Count];
            foreach (var (key, sign) in terms) if (index.TryGetValue(key, out var i)) row[i] += sign;
            return row;
        }
        var lines = shown.GroupBy(c => c.Factor).Concat(shown.GroupBy(c => c.Level)).ToList();
        var equations = Enumerable.Range(0, Measures).SelectMany(m => lines.Select(line => Equation(line.Select(c => ((m, c.Factor, c.Level), 1.0)))))
            .Concat(shown.SelectMany(c => new[]
            {
                Equation([((0, c.Factor, c.Level), 1), ((1, c.Factor, c.Level), -1), ((2, c.Factor, c.Level), -1)]),
                Equation([((1, c.Factor, c.Level), 1), ((3, c.Factor, c.Level), -1), ((4, c.Factor, c.Level), -1)]),
            }));
        return [.. LinearSystem.Determined(equations, unknowns.Count).Select(i => unknowns[i])];
    }

    // 300 heatmaps of 3 to 15 factors × 4 levels: sparse ones as a small municipality's, fuller ones as a large one's.
    private static IEnumerable<IReadOnlyList<HeatmapCell>> RandomHeatmaps()
    {
        var random = new Random(20261202);
        return Enumerable.Range(0, 300).Select(i =>
        {
            var (factors, most) = (random.Next(3, 16), i < 150 ? 4 : 15);
            int Draw() => random.NextDouble() < 0.4 ? 0 : random.Next(most + 1);
            return (IReadOnlyList<HeatmapCell>)[.. from f in Enumerable.Range(0, factors)
                from l in new[] { "structural", "institutional", "interpersonal", "individual" }
                let addressed = Draw()
                let blind = Draw()
                let resolved = Draw()
                select new HeatmapCell($"factor-{f}", l, addressed + blind + resolved, addressed + blind, resolved, addressed, blind, [])];
        }).ToList();
    }
}
