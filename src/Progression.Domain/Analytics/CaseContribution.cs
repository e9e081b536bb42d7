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
    IReadOnlyDictionary<OutcomeCohort, OutcomeTotals> Outcomes,
    IReadOnlyDictionary<ScoreCell, int> Scores,
    IReadOnlyDictionary<ChangeCell, ScoreChange> Changes)
{
    /// <summary>The opened-month key of the rows summed over every opening month.</summary>
    public const int AnyOpening = 0;

    /// <summary>The factor key of the rows summed over every case, whatever its risk factors.</summary>
    public const string AnyFactor = "*";

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

        var outcomes = new Dictionary<OutcomeCohort, OutcomeTotals>();
        foreach (var (intervention, started, totals) in InterventionOutcomes.TotalsOf(facts, catalogue, now))
            outcomes.AddUp(new OutcomeCohort(intervention, Months.Of(started)), totals);

        // Progression rows are kept for every opening month and for all together, for every current risk factor and for
        // all together: the cohort filters a dashboard offers, each answered from rows of its own.
        int[] openings = [AnyOpening, Months.Of(@case.OpenedAt)];
        string[] factors = [AnyFactor, .. @case.RiskFactors.Where(f => f.ClearedAt is null).Select(f => f.Factor)];
        var scores = new Dictionary<ScoreCell, int>();
        var changes = new Dictionary<ChangeCell, ScoreChange>();
        foreach (var instrument in facts.Measurements.Select(m => m.Instrument).Distinct())
        {
            foreach (var by in Enum.GetValues<ProgressionPeriod>())
                foreach (var bar in ProgressionTrends.ScoresOf(facts, instrument, by))
                    foreach (var opened in openings)
                        foreach (var factor in factors)
                            scores.AddUp(new ScoreCell(instrument, by, bar.Period, bar.Dimension, bar.Score, opened, factor), 1);
            foreach (var (dimension, change) in ProgressionTrends.ChangesOf(facts, instrument))
                foreach (var opened in openings)
                    foreach (var factor in factors)
                        changes.AddUp(new ChangeCell(instrument, dimension, opened, factor), change);
        }

        return new CaseContribution(@case.Municipality, @case.TargetGroup, barriers, barrierChanges, inUse, inUseChanges, outcomes,
            scores, changes);
    }

    /// <summary>The sum of two contributions to the same municipality and group (a bulk load adds many up before writing).</summary>
    public CaseContribution Plus(CaseContribution other) => this with
    {
        Barriers = Sum(Barriers, other.Barriers),
        BarrierChanges = Sum(BarrierChanges, other.BarrierChanges),
        InUse = Sum(InUse, other.InUse),
        InUseChanges = Sum(InUseChanges, other.InUseChanges),
        Outcomes = Sum(Outcomes, other.Outcomes),
        Scores = Sum(Scores, other.Scores),
        Changes = Sum(Changes, other.Changes),
    };

    private static Dictionary<TKey, TValue> Sum<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> one, IReadOnlyDictionary<TKey, TValue> other)
        where TKey : notnull where TValue : struct, IAdditionOperators<TValue, TValue, TValue>
    {
        var sums = new Dictionary<TKey, TValue>(one);
        foreach (var (key, value) in other) sums.AddUp(key, value);
        return sums;
    }

    /// <summary>This contribution minus an earlier one of the same case: what the tables must add (and take off).</summary>
    public CaseContribution Minus(CaseContribution? earlier) => earlier is null ? this : this with
    {
        Barriers = Difference(Barriers, earlier.Barriers),
        BarrierChanges = Difference(BarrierChanges, earlier.BarrierChanges),
        InUse = Difference(InUse, earlier.InUse),
        InUseChanges = Difference(InUseChanges, earlier.InUseChanges),
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

public readonly record struct ScoreCell(string Instrument, ProgressionPeriod By, int Period, string Dimension, decimal Score, int Opened, string Factor);

public readonly record struct ChangeCell(string Instrument, string Dimension, int Opened, string Factor);
