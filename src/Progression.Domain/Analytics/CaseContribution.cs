using System.Numerics;
using Progression.Domain.Cases;
using Progression.Domain.Catalogue;

namespace Progression.Domain.Analytics;

/// <summary>
/// What one case adds to the dashboards' pre-aggregated tables, by the same rules the analyses use
/// (<see cref="MatrixHeatmap.StateAt"/>, <see cref="MatrixHeatmap.InUseAt"/>, <see cref="InterventionOutcomes.TotalsOf"/>,
/// <see cref="ProgressionTrends.ScoresOf"/>, <see cref="ProgressionTrends.ChangesOf"/>) evaluated at whole months. The
/// tables hold the sums of these over all cases; when a case changes, its old contribution is taken off and its new one
/// added, so neither an update nor a query looks at any other case.
/// <para>
/// A past state is kept as changes: a barrier's state (or a case's use of an intervention in a cell) now, and its
/// changes by the month they happened in. The state at the end of month B is the state now minus the changes after B.
/// </para>
/// </summary>
public sealed record CaseContribution(
    string Municipality,
    string Group,
    IReadOnlyDictionary<BarrierCohort, BarrierCounts> Barriers,
    IReadOnlyDictionary<BarrierChange, BarrierCounts> BarrierChanges,
    IReadOnlyDictionary<CellUse, int> InUse,
    IReadOnlyDictionary<CellUseChange, int> InUseChanges,
    IReadOnlyDictionary<Cell, int> BlindSpotCases,
    IReadOnlyDictionary<OutcomeCohort, OutcomeTotals> Outcomes,
    IReadOnlyDictionary<ScoreCell, int> Scores,
    IReadOnlyDictionary<ChangeCell, ScoreChange> Changes)
{
    /// <summary>The progression cohort of every case.</summary>
    public const string AllCases = "*";

    /// <summary>The progression cohort of the cases opened in a month.</summary>
    public static string OpenedIn(int month) => $"opened:{month}";

    /// <summary>The progression cohort of the cases with a risk factor (registered and not cleared).</summary>
    public static string WithFactor(string factor) => $"factor:{factor}";

    public static CaseContribution Of(CaseFacts facts, Catalogue.Catalogue catalogue, DateTimeOffset now)
    {
        var @case = facts.Case;
        var thisMonth = Months.Of(now);
        var barriers = new Dictionary<BarrierCohort, BarrierCounts>();
        var barrierChanges = new Dictionary<BarrierChange, BarrierCounts>();
        foreach (var barrier in @case.Barriers)
        {
            var cohort = Months.Of(barrier.IdentifiedAt);
            barriers.AddUp(new BarrierCohort(barrier.Factor, barrier.Level, cohort), BarrierCounts.One(MatrixHeatmap.StateAt(@case, barrier, now)));
            var turns = @case.Interventions.Where(i => i.Barriers.Contains(barrier.Id)).SelectMany(i => new[] { i.StartedAt, i.EndedAt })
                .Append(barrier.ResolvedAt).OfType<DateTimeOffset>().Select(Months.Of);
            foreach (var month in turns.Where(m => m > cohort && m <= thisMonth).Distinct())
                barrierChanges.AddUp(new BarrierChange(barrier.Factor, barrier.Level, cohort, month),
                    BarrierCounts.One(MatrixHeatmap.StateAt(@case, barrier, Months.End(month)))
                    - BarrierCounts.One(MatrixHeatmap.StateAt(@case, barrier, Months.End(month - 1))));
        }

        var inUse = MatrixHeatmap.InUseAt(@case, now).ToDictionary(u => new CellUse(u.Cell, u.Intervention), _ => 1);
        var inUseChanges = new Dictionary<CellUseChange, int>();
        var usesTurn = @case.Interventions.SelectMany(i => new[] { i.StartedAt, i.EndedAt }).OfType<DateTimeOffset>().Select(Months.Of);
        foreach (var month in usesTurn.Where(m => m <= thisMonth).Distinct())
        {
            var (after, before) = (MatrixHeatmap.InUseAt(@case, Months.End(month)), MatrixHeatmap.InUseAt(@case, Months.End(month - 1)));
            foreach (var started in after.Except(before)) inUseChanges.AddUp(new CellUseChange(started.Cell, started.Intervention, month), 1);
            foreach (var stopped in before.Except(after)) inUseChanges.AddUp(new CellUseChange(stopped.Cell, stopped.Intervention, month), -1);
        }

        // An open case with a blind spot in a cell counts once there: the demand a programme for that cell meets.
        var blindSpotCases = @case.IsOpen
            ? @case.BlindSpots.Select(b => new Cell(b.Factor, b.Level)).Distinct().ToDictionary(c => c, _ => 1)
            : [];

        var outcomes = new Dictionary<OutcomeCohort, OutcomeTotals>();
        foreach (var (intervention, started, totals) in InterventionOutcomes.TotalsOf(facts, catalogue, now))
            outcomes.AddUp(new OutcomeCohort(intervention, Months.Of(started)), totals);

        // Progression rows are kept for each cohort a dashboard filters by, one filter at a time: all cases, the cases
        // opened in a month, the cases with a (current) risk factor. Each measurement counts in each of its case's cohorts.
        string[] cohorts = [AllCases, OpenedIn(Months.Of(@case.OpenedAt)), .. @case.RiskFactors.Where(f => f.ClearedAt is null).Select(f => WithFactor(f.Factor))];
        var scores = new Dictionary<ScoreCell, int>();
        var changes = new Dictionary<ChangeCell, ScoreChange>();
        foreach (var instrument in facts.Measurements.Select(m => m.Instrument).Distinct())
        {
            foreach (var by in Enum.GetValues<ProgressionPeriod>())
                foreach (var bar in ProgressionTrends.ScoresOf(facts, instrument, by))
                    foreach (var cohort in cohorts)
                        scores.AddUp(new ScoreCell(instrument, by, bar.Period, bar.Dimension, bar.Score, cohort), 1);
            foreach (var (dimension, change) in ProgressionTrends.ChangesOf(facts, instrument))
                foreach (var cohort in cohorts)
                    changes.AddUp(new ChangeCell(instrument, dimension, cohort), change);
        }

        return new CaseContribution(@case.Municipality, @case.TargetGroup, barriers, barrierChanges, inUse, inUseChanges, blindSpotCases,
            outcomes, scores, changes);
    }

    /// <summary>This contribution minus an earlier one of the same case: what the tables must add (and take off).</summary>
    public CaseContribution Minus(CaseContribution? earlier) => earlier is null ? this : this with
    {
        Barriers = Difference(Barriers, earlier.Barriers),
        BarrierChanges = Difference(BarrierChanges, earlier.BarrierChanges),
        InUse = Difference(InUse, earlier.InUse),
        InUseChanges = Difference(InUseChanges, earlier.InUseChanges),
        BlindSpotCases = Difference(BlindSpotCases, earlier.BlindSpotCases),
        Outcomes = Difference(Outcomes, earlier.Outcomes),
        Scores = Difference(Scores, earlier.Scores),
        Changes = Difference(Changes, earlier.Changes),
    };

    private static Dictionary<TKey, TValue> Difference<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> now, IReadOnlyDictionary<TKey, TValue> before)
        where TKey : notnull where TValue : struct, ISubtractionOperators<TValue, TValue, TValue> =>
        now.Keys.Union(before.Keys)
            .Select(key => (key, value: now.GetValueOrDefault(key) - before.GetValueOrDefault(key)))
            .Where(x => !x.value.Equals(default(TValue)))
            .ToDictionary(x => x.key, x => x.value);
}

public readonly record struct BarrierCohort(string Factor, string Level, int Cohort);

public readonly record struct BarrierChange(string Factor, string Level, int Cohort, int Month);

public readonly record struct CellUse(Cell Cell, string Intervention);

public readonly record struct CellUseChange(Cell Cell, string Intervention, int Month);

public readonly record struct OutcomeCohort(string Intervention, int StartMonth);

public readonly record struct ScoreCell(string Instrument, ProgressionPeriod By, int Period, string Dimension, decimal Score, string Cohort);

public readonly record struct ChangeCell(string Instrument, string Dimension, string Cohort);

/// <summary>Sums of many cases' contributions to one municipality and group, added up in place (a bulk load's running total).</summary>
public sealed class ContributionSums(string municipality, string group)
{
    private readonly Dictionary<BarrierCohort, BarrierCounts> _barriers = [];
    private readonly Dictionary<BarrierChange, BarrierCounts> _barrierChanges = [];
    private readonly Dictionary<CellUse, int> _inUse = [];
    private readonly Dictionary<CellUseChange, int> _inUseChanges = [];
    private readonly Dictionary<Cell, int> _blindSpotCases = [];
    private readonly Dictionary<OutcomeCohort, OutcomeTotals> _outcomes = [];
    private readonly Dictionary<ScoreCell, int> _scores = [];
    private readonly Dictionary<ChangeCell, ScoreChange> _changes = [];

    public void Add(CaseContribution contribution)
    {
        AddAll(_barriers, contribution.Barriers);
        AddAll(_barrierChanges, contribution.BarrierChanges);
        AddAll(_inUse, contribution.InUse);
        AddAll(_inUseChanges, contribution.InUseChanges);
        AddAll(_blindSpotCases, contribution.BlindSpotCases);
        AddAll(_outcomes, contribution.Outcomes);
        AddAll(_scores, contribution.Scores);
        AddAll(_changes, contribution.Changes);
    }

    public CaseContribution Total =>
        new(municipality, group, _barriers, _barrierChanges, _inUse, _inUseChanges, _blindSpotCases, _outcomes, _scores, _changes);

    private static void AddAll<TKey, TValue>(Dictionary<TKey, TValue> sums, IReadOnlyDictionary<TKey, TValue> values)
        where TKey : notnull where TValue : struct, IAdditionOperators<TValue, TValue, TValue>
    {
        foreach (var (key, value) in values) sums.AddUp(key, value);
    }
}
