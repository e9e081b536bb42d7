using Npgsql;
using Progression.Api.Hosting;
using Progression.Domain.Analytics;
using Cell = Progression.Domain.Catalogue.Cell;
using static Progression.Api.ReadModels.ReadModelSchema;

namespace Progression.Api.ReadModels;

/// <summary>
/// The dashboards' figures from the pre-aggregated sums: each query adds up at most a few thousand rows (cells ×
/// months, interventions × months, or dimensions × periods × scores), whatever the number of cases, and hands the sums
/// to the same functions that define the figures from case documents. Periods are whole calendar months (UTC). With
/// municipalities on several databases, each database adds up its own and the sums are added up before the figures are
/// made (and before small counts are hidden): a municipality whose database did not answer is named as missing.
/// </summary>
public static class DashboardQueries
{
    /// <summary>
    /// The heatmap of barriers identified in months [<paramref name="from"/>, <paramref name="to"/>] (either open), in
    /// their state at the end of <paramref name="to"/> (now, without it): the state now minus the changes after it.
    /// </summary>
    public static async Task<Combined<IReadOnlyList<HeatmapCell>>> HeatmapAsync(MunicipalityDatabases databases,
        Progression.Domain.Catalogue.Catalogue catalogue, IReadOnlyList<string> municipalities, string group, int? from, int? to, CancellationToken ct)
    {
        var spread = await databases.AcrossAsync(municipalities, (database, part) => HeatmapSumsAsync(database, part, group, from, to, ct));
        return new(MatrixHeatmap.Grid(catalogue, group, spread.Parts.Select(p => p.Barriers).AddedUp(), spread.Parts.Select(p => p.Uses).AddedUp()),
            spread.Missing);
    }

    private static async Task<(IReadOnlyDictionary<Cell, BarrierCounts> Barriers, IReadOnlyDictionary<(Cell, string), int> Uses)> HeatmapSumsAsync(
        NpgsqlDataSource database, IReadOnlyList<string> municipalities, string group, int? from, int? to, CancellationToken ct)
    {
        await using var batch = database.CreateBatch();
        const string counts = "sum(identified), sum(resolved), sum(addressed), sum(blind)";
        string Cohorts(NpgsqlBatchCommand c) =>
            $"tenant_id = any({c.Parameters.Bind(municipalities.ToArray())}) and target_group = {c.Parameters.Bind(group)}"
            + (from is { } f ? $" and cohort >= {c.Parameters.Bind(f)}" : "") + (to is { } t ? $" and cohort <= {c.Parameters.Bind(t)}" : "");
        Add(batch, c => $"select factor, level, {counts} from {HeatmapBarriers.QualifiedName} where {Cohorts(c)} group by factor, level");
        Add(batch, c => to is { } t
            ? $"select factor, level, {counts} from {HeatmapBarrierChanges.QualifiedName} where {Cohorts(c)} and month > {c.Parameters.Bind(t)} group by factor, level"
            : "select null, null, 0, 0, 0, 0 where false");
        string Uses(NpgsqlBatchCommand c) => $"tenant_id = any({c.Parameters.Bind(municipalities.ToArray())}) and target_group = {c.Parameters.Bind(group)}";
        Add(batch, c => $"select factor, level, intervention, sum(cases) from {HeatmapUses.QualifiedName} where {Uses(c)} group by 1, 2, 3");
        Add(batch, c => to is { } t
            ? $"select factor, level, intervention, sum(cases) from {HeatmapUseChanges.QualifiedName} where {Uses(c)} and month > {c.Parameters.Bind(t)} group by 1, 2, 3"
            : "select null, null, null, 0 where false");

        var barriers = new Dictionary<Cell, BarrierCounts>();
        var uses = new Dictionary<(Cell, string), int>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var sign in new[] { 1, -1 })
        {
            while (await reader.ReadAsync(ct))
                barriers.AddUp(new Cell(reader.GetString(0), reader.GetString(1)), new BarrierCounts(
                    sign * Int(reader, 2), sign * Int(reader, 3), sign * Int(reader, 4), sign * Int(reader, 5)));
            await reader.NextResultAsync(ct);
        }
        foreach (var sign in new[] { 1, -1 })
        {
            while (await reader.ReadAsync(ct))
                uses.AddUp((new Cell(reader.GetString(0), reader.GetString(1)), reader.GetString(2)), sign * Int(reader, 3));
            await reader.NextResultAsync(ct);
        }
        return (barriers, uses);
    }

    /// <summary>Open cases with a blind spot in each cell of a group (a case counts once in each cell it has one in).</summary>
    public static async Task<Combined<IReadOnlyDictionary<Cell, int>>> BlindSpotCasesAsync(MunicipalityDatabases databases,
        IReadOnlyList<string> municipalities, string group, CancellationToken ct)
    {
        var spread = await databases.AcrossAsync(municipalities, (database, part) => BlindSpotSumsAsync(database, part, group, ct));
        return new(spread.Parts.AddedUp(), spread.Missing);
    }

    private static async Task<IReadOnlyDictionary<Cell, int>> BlindSpotSumsAsync(NpgsqlDataSource database,
        IReadOnlyList<string> municipalities, string group, CancellationToken ct)
    {
        await using var command = database.CreateCommand();
        command.CommandText = $"select factor, level, sum(cases) from {BlindSpotCases.QualifiedName} "
            + $"where tenant_id = any({command.Parameters.Bind(municipalities.ToArray())}) and target_group = {command.Parameters.Bind(group)} group by 1, 2";
        var cases = new Dictionary<Cell, int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) cases[new Cell(reader.GetString(0), reader.GetString(1))] = Int(reader, 2);
        return cases;
    }

    /// <summary>Outcomes of the interventions started in months [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static async Task<Combined<IReadOnlyList<InterventionOutcome>>> OutcomesAsync(MunicipalityDatabases databases,
        Progression.Domain.Catalogue.Catalogue catalogue, IReadOnlyList<string> municipalities, string? group, int? from, int? to, CancellationToken ct)
    {
        var spread = await databases.AcrossAsync(municipalities, (database, part) => OutcomeSumsAsync(database, part, group, from, to, ct));
        return new(InterventionOutcomes.Rows(catalogue, spread.Parts.AddedUp()), spread.Missing);
    }

    private static async Task<IReadOnlyDictionary<string, OutcomeTotals>> OutcomeSumsAsync(NpgsqlDataSource database,
        IReadOnlyList<string> municipalities, string? group, int? from, int? to, CancellationToken ct)
    {
        await using var command = database.CreateCommand();
        command.CommandText = "select intervention, sum(participants), sum(completed), sum(dropped_out), sum(within6), sum(within12), "
            + $"sum(retained6), sum(with_change), sum(change_sum) from {OutcomeSums.QualifiedName} "
            + $"where tenant_id = any({command.Parameters.Bind(municipalities.ToArray())})"
            + (group is null ? "" : $" and target_group = {command.Parameters.Bind(group)}")
            + (from is { } f ? $" and start_month >= {command.Parameters.Bind(f)}" : "") + (to is { } t ? $" and start_month <= {command.Parameters.Bind(t)}" : "")
            + " group by intervention";
        var totals = new Dictionary<string, OutcomeTotals>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            totals[reader.GetString(0)] = new OutcomeTotals(Int(reader, 1), Int(reader, 2), Int(reader, 3), Int(reader, 4), Int(reader, 5),
                Int(reader, 6), Int(reader, 7), reader.GetDecimal(8));
        return totals;
    }

    /// <summary>
    /// Progression on an instrument for the cases of a cohort: all, those with a current risk factor, or those opened in
    /// months [<paramref name="openedFrom"/>, <paramref name="openedTo"/>]. The sums are kept for one cohort filter at a
    /// time (both together would multiply them by factors × months): the caller gives one of the two filters.
    /// </summary>
    public static async Task<Combined<ProgressionReport>> ProgressionAsync(MunicipalityDatabases databases,
        Progression.Domain.Catalogue.Instrument instrument, IReadOnlyList<string> municipalities, string? group, string? riskFactor,
        int? openedFrom, int? openedTo, ProgressionPeriod by, CancellationToken ct)
    {
        var spread = await databases.AcrossAsync(municipalities, (database, part) =>
            ProgressionSumsAsync(database, instrument, part, group, riskFactor, openedFrom, openedTo, by, ct));
        return new(ProgressionTrends.Report(instrument, by, spread.Parts.Select(p => p.Scores).AddedUp(), spread.Parts.Select(p => p.Changes).AddedUp()),
            spread.Missing);
    }

    private static async Task<(IReadOnlyDictionary<ProgressionTrends.ScoreBar, int> Scores, IReadOnlyDictionary<string, ScoreChange> Changes)>
        ProgressionSumsAsync(NpgsqlDataSource database, Progression.Domain.Catalogue.Instrument instrument, IReadOnlyList<string> municipalities,
            string? group, string? riskFactor, int? openedFrom, int? openedTo, ProgressionPeriod by, CancellationToken ct)
    {
        await using var batch = database.CreateBatch();
        string Cohort(NpgsqlBatchCommand c) =>
            $"tenant_id = any({c.Parameters.Bind(municipalities.ToArray())}) and instrument = {c.Parameters.Bind(instrument.Id)}"
            + (group is null ? "" : $" and target_group = {c.Parameters.Bind(group)}")
            + (riskFactor is not null ? $" and cohort = {c.Parameters.Bind(CaseContribution.WithFactor(riskFactor))}"
                : openedFrom is null && openedTo is null ? $" and cohort = {c.Parameters.Bind(CaseContribution.AllCases)}"
                : $" and cohort = any({c.Parameters.Bind(OpenedCohorts(openedFrom, openedTo))})");
        Add(batch, c => $"select period, dimension, score, sum(scores) from {ProgressionScores.QualifiedName} "
                        + $"where {Cohort(c)} and period_by = {c.Parameters.Bind((int)by)} group by 1, 2, 3");
        Add(batch, c => $"select dimension, sum(cases), sum(first_sum), sum(latest_sum) from {ProgressionChanges.QualifiedName} "
                        + $"where {Cohort(c)} group by 1");

        var scores = new Dictionary<ProgressionTrends.ScoreBar, int>();
        var changes = new Dictionary<string, ScoreChange>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            scores[new ProgressionTrends.ScoreBar(reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2))] = Int(reader, 3);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            changes[reader.GetString(0)] = new ScoreChange(Int(reader, 1), reader.GetDecimal(2), reader.GetDecimal(3));
        return (scores, changes);
    }

    private static void Add(NpgsqlBatch batch, Func<NpgsqlBatchCommand, string> sql)
    {
        var command = new NpgsqlBatchCommand();
        command.CommandText = sql(command);
        batch.BatchCommands.Add(command);
    }

    private static int Int(NpgsqlDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column));

    /// <summary>The opening-month cohorts of a period of months: each month's key (an open end: 20 years of months).</summary>
    private static string[] OpenedCohorts(int? from, int? to)
    {
        var (first, last) = (from ?? to!.Value - 240, to ?? Months.Of(DateTimeOffset.UtcNow));
        return [.. Enumerable.Range(first, Math.Max(0, last - first + 1)).Select(CaseContribution.OpenedIn)];
    }
}
