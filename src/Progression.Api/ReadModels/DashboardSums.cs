using Marten;
using Npgsql;
using NpgsqlTypes;
using Progression.Domain.Analytics;
using static Progression.Api.ReadModels.ReadModelSchema;

namespace Progression.Api.ReadModels;

/// <summary>
/// Adds a case's contribution (or the difference between two of them) to the dashboards' tables: one
/// <c>insert … on conflict do update set x = x + excluded.x</c> a table, its rows passed as arrays, queued into the
/// projection's transaction. What is added with one sign is taken off with the other, so the sums stay exact. The
/// sums of many cases at once (a bulk load, a rebuild) go by COPY into a staging table and are added from there.
/// </summary>
public static class DashboardSums
{
    public static void Queue(IDocumentOperations operations, CaseContribution delta)
    {
        foreach (var (table, rows) in Rows(delta))
        {
            var all = rows.ToList();
            if (all.Count == 0) continue;
            var columns = Columns(table);
            // One array a column, typed to the column, so the whole delta is one statement.
            var arrays = columns.Select((column, i) => Typed(column.Type, all.Select(row => row[i]))).ToArray();
            operations.QueueSqlCommand('^', Statements[table.Name], arrays);
        }
    }

    /// <summary>
    /// Adds the sums (each a municipality's and group's total over many cases) in the connection's transaction: each
    /// table's rows by binary COPY, straight into the table when it holds no row of their municipalities
    /// (<paramref name="intoEmpty"/>: a rebuild emptied it; several times faster than adding them against its key), else
    /// into a temporary table dropped at commit and added from there in one statement.
    /// </summary>
    public static async Task AddAsync(NpgsqlConnection connection, IReadOnlyList<CaseContribution> sums, bool intoEmpty, int timeoutSeconds,
        CancellationToken ct)
    {
        foreach (var table in SumTables)
        {
            var columns = Columns(table);
            var names = string.Join(", ", columns.Select(c => c.Column));
            var stage = intoEmpty ? table.QualifiedName : $"staged_{table.Name}";
            if (!intoEmpty)
                await using (var create = new NpgsqlCommand($"create temporary table {stage} (like {table.QualifiedName}) on commit drop", connection))
                    await create.ExecuteNonQueryAsync(ct);
            await using (var copy = await connection.BeginBinaryImportAsync($"copy {stage} ({names}) from stdin (format binary)", ct))
            {
                copy.Timeout = TimeSpan.FromSeconds(timeoutSeconds);
                foreach (var row in sums.SelectMany(sum => Rows(sum).Single(r => r.Table == table).Rows))
                {
                    await copy.StartRowAsync(ct);
                    foreach (var (value, (_, type)) in row.Zip(columns))
                        await copy.WriteAsync(Value(type, value), DbType(type), ct);
                }
                await copy.CompleteAsync(ct);
            }
            if (intoEmpty) continue;
            await using var add = new NpgsqlCommand(AddTo(table, $"select {names} from {stage}"), connection) { CommandTimeout = timeoutSeconds };
            await add.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Every table's rows of a contribution, in the order of its key columns, then its summed columns.</summary>
    private static IEnumerable<(SumTable Table, IEnumerable<object[]> Rows)> Rows(CaseContribution delta)
    {
        string[] place = [delta.Municipality, delta.Group];
        yield return (HeatmapBarriers, delta.Barriers.Select(x =>
            Row(place, [x.Key.Factor, x.Key.Level, x.Key.Cohort], [x.Value.Identified, x.Value.Resolved, x.Value.Addressed, x.Value.Blind])));
        yield return (HeatmapBarrierChanges, delta.BarrierChanges.Select(x =>
            Row(place, [x.Key.Factor, x.Key.Level, x.Key.Cohort, x.Key.Month], [x.Value.Identified, x.Value.Resolved, x.Value.Addressed, x.Value.Blind])));
        yield return (HeatmapUses, delta.InUse.Select(x =>
            Row(place, [x.Key.Cell.Factor, x.Key.Cell.Level, x.Key.Intervention], [x.Value])));
        yield return (HeatmapUseChanges, delta.InUseChanges.Select(x =>
            Row(place, [x.Key.Cell.Factor, x.Key.Cell.Level, x.Key.Intervention, x.Key.Month], [x.Value])));
        yield return (BlindSpotCases, delta.BlindSpotCases.Select(x => Row(place, [x.Key.Factor, x.Key.Level], [x.Value])));
        yield return (OutcomeSums, delta.Outcomes.Select(x => Row(place, [x.Key.Intervention, x.Key.StartMonth],
        [
            x.Value.Participants, x.Value.Completed, x.Value.DroppedOut, x.Value.OutcomeWithin6Months, x.Value.OutcomeWithin12Months,
            x.Value.RetainedAt6Months, x.Value.WithProgressionChange, x.Value.ProgressionChangeSum,
        ])));
        yield return (ProgressionScores, delta.Scores.Select(x => Row(place,
            [x.Key.Instrument, (int)x.Key.By, x.Key.Cohort, x.Key.Period, x.Key.Dimension, x.Key.Score], [x.Value])));
        yield return (ProgressionChanges, delta.Changes.Select(x => Row(place,
            [x.Key.Instrument, x.Key.Cohort, x.Key.Dimension], [x.Value.Cases, x.Value.FirstSum, x.Value.LatestSum])));
    }

    private static object[] Row(string[] place, object[] keys, object[] sums) => [.. place, .. keys, .. sums];

    private static (string Column, string Type)[] Columns(SumTable table) => [.. table.Keys, .. table.Sums];

    private static object Typed(string type, IEnumerable<object> values) => type switch
    {
        "integer" => values.Select(Convert.ToInt32).ToArray(),
        "numeric" => values.Select(Convert.ToDecimal).ToArray(),
        _ => values.Select(v => (string)v).ToArray(),
    };

    private static object Value(string type, object value) => type switch
    {
        "integer" => Convert.ToInt32(value),
        "numeric" => Convert.ToDecimal(value),
        _ => (string)value,
    };

    private static NpgsqlDbType DbType(string type) => type switch
    {
        "integer" => NpgsqlDbType.Integer,
        "numeric" => NpgsqlDbType.Numeric,
        _ => NpgsqlDbType.Varchar,
    };

    private static readonly Dictionary<string, string> Statements = SumTables.ToDictionary(t => t.Name, t =>
        AddTo(t, $"select * from unnest({string.Join(", ", Columns(t).Select(c => $"^::{c.Type}[]"))})"));

    /// <summary>The rows <paramref name="source"/> selects added to the table's sums (a new key starts from them).</summary>
    private static string AddTo(SumTable t, string source) =>
        $"insert into {t.QualifiedName} as t ({string.Join(", ", Columns(t).Select(c => c.Column))}) {source} "
        + $"on conflict ({string.Join(", ", t.Keys.Select(k => k.Column))}) do update set "
        + string.Join(", ", t.Sums.Select(s => $"{s.Column} = t.{s.Column} + excluded.{s.Column}"));
}
