using Marten;
using Progression.Domain.Analytics;
using static Progression.Api.ReadModels.ReadModelSchema;

namespace Progression.Api.ReadModels;

/// <summary>
/// Adds a case's contribution (or the difference between two of them) to the dashboards' tables: one
/// <c>insert … on conflict do update set x = x + excluded.x</c> a table, its rows passed as arrays, queued into the
/// projection's transaction. What is added with one sign is taken off with the other, so the sums stay exact.
/// </summary>
public static class DashboardSums
{
    public static void Queue(IDocumentOperations operations, CaseContribution delta)
    {
        string[] place = [delta.Municipality, delta.Group];
        Rows(operations, HeatmapBarriers, delta.Barriers.Select(x =>
            Row(place, [x.Key.Factor, x.Key.Level, x.Key.Cohort], [x.Value.Identified, x.Value.Resolved, x.Value.Addressed, x.Value.Blind])));
        Rows(operations, HeatmapBarrierChanges, delta.BarrierChanges.Select(x =>
            Row(place, [x.Key.Factor, x.Key.Level, x.Key.Cohort, x.Key.Month], [x.Value.Identified, x.Value.Resolved, x.Value.Addressed, x.Value.Blind])));
        Rows(operations, HeatmapUses, delta.InUse.Select(x =>
            Row(place, [x.Key.Cell.Factor, x.Key.Cell.Level, x.Key.Intervention], [x.Value])));
        Rows(operations, HeatmapUseChanges, delta.InUseChanges.Select(x =>
            Row(place, [x.Key.Cell.Factor, x.Key.Cell.Level, x.Key.Intervention, x.Key.Month], [x.Value])));
        Rows(operations, BlindSpotCases, delta.BlindSpotCases.Select(x => Row(place, [x.Key.Factor, x.Key.Level], [x.Value])));
        Rows(operations, OutcomeSums, delta.Outcomes.Select(x => Row(place, [x.Key.Intervention, x.Key.StartMonth],
        [
            x.Value.Participants, x.Value.Completed, x.Value.DroppedOut, x.Value.OutcomeWithin6Months, x.Value.OutcomeWithin12Months,
            x.Value.RetainedAt6Months, x.Value.WithProgressionChange, x.Value.ProgressionChangeSum,
        ])));
        Rows(operations, ProgressionScores, delta.Scores.Select(x => Row(place,
            [x.Key.Instrument, (int)x.Key.By, x.Key.Cohort, x.Key.Period, x.Key.Dimension, x.Key.Score], [x.Value])));
        Rows(operations, ProgressionChanges, delta.Changes.Select(x => Row(place,
            [x.Key.Instrument, x.Key.Cohort, x.Key.Dimension], [x.Value.Cases, x.Value.FirstSum, x.Value.LatestSum])));
    }

    private static object[] Row(string[] place, object[] keys, object[] sums) => [.. place, .. keys, .. sums];

    private static void Rows(IDocumentOperations operations, SumTable table, IEnumerable<object[]> rows)
    {
        var all = rows.ToList();
        if (all.Count == 0) return;
        var columns = table.Keys.Concat(table.Sums).ToArray();
        // One array a column, typed to the column, so the whole delta is one statement.
        var arrays = columns.Select((column, i) => Typed(column.Type, all.Select(row => row[i]))).ToArray();
        operations.QueueSqlCommand('^', Upsert(table), arrays);
    }

    private static object Typed(string type, IEnumerable<object> values) => type switch
    {
        "integer" => values.Select(Convert.ToInt32).ToArray(),
        "numeric" => values.Select(Convert.ToDecimal).ToArray(),
        _ => values.Select(v => (string)v).ToArray(),
    };

    private static readonly Dictionary<string, string> Statements = SumTables.ToDictionary(t => t.Name, t =>
    {
        var columns = t.Keys.Concat(t.Sums).ToArray();
        return $"insert into {t.QualifiedName} as t ({string.Join(", ", columns.Select(c => c.Column))}) "
               + $"select * from unnest({string.Join(", ", columns.Select(c => $"^::{c.Type}[]"))}) "
               + $"on conflict ({string.Join(", ", t.Keys.Select(k => k.Column))}) do update set "
               + string.Join(", ", t.Sums.Select(s => $"{s.Column} = t.{s.Column} + excluded.{s.Column}"));
    });

    private static string Upsert(SumTable table) => Statements[table.Name];
}
