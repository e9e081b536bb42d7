using Marten;
using Npgsql;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using Weasel.Core;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.ReadModels;

/// <summary>A whole case folded as the projections fold it: its case view and its evaluation document.</summary>
public sealed record FoldedCase(Case Case, CaseFacts Facts);

/// <summary>
/// Writes the read models of whole folded cases in bulk, a chunk at a time (a bulk load's or a rebuild's): the case views
/// and evaluation documents by Marten's bulk COPY, the case list by binary COPY, the dashboards' sums added up in memory
/// and written at the end with the counts per group and status; then the evaluation projection is marked as having seen
/// every event, so the daemon does not count them again. Only the sums stay in memory, and they are bounded by
/// municipalities × catalogue cells × months, not by the number of cases; a writer told that a municipality is done
/// (<see cref="SettleAllButAsync"/>) writes its sums then and forgets them. <paramref name="emptied"/>: the read models
/// were emptied before (a rebuild), so the sums go straight into their tables. Writes to one database, the one
/// <paramref name="database"/> names, which must hold the municipalities of the cases it is given (the sums, the counts
/// and the projection's mark are that database's). Runs alone (<see cref="ExclusiveUse"/>).
/// </summary>
public sealed class ReadModelWriter(IDocumentStore store, NpgsqlDataSource database, CatalogueModel catalogue, DateTimeOffset now, bool emptied)
{
    /// <summary>
    /// The dashboards' sums of a whole load go in one batch, and analyze reads every event: both grow with the load
    /// (100,000 cases: millions of sum rows), so they get minutes, not an interactive command's 30 s.
    /// </summary>
    private const int SummaryTimeoutSeconds = 600;

    private readonly Dictionary<(string, string), ContributionSums> _sums = [];
    private readonly HashSet<string> _municipalities = [];

    public async Task WriteAsync(IReadOnlyList<FoldedCase> cases, CancellationToken ct)
    {
        // The cases' contributions to the sums are worked out while PostgreSQL takes the documents: the one is this
        // process's CPU, the other the server's. On a thread of its own: a long computation on the thread pool would
        // starve the awaits of the writing (a connection's open timing out while its continuation waits for a thread).
        var counting = Task.Factory.StartNew(() => AddUp(cases), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        foreach (var tenant in cases.GroupBy(c => c.Case.Municipality))
        {
            await store.BulkInsertDocumentsAsync(tenant.Key, tenant.Select(c => c.Case), BulkInsertMode.InsertsOnly, BulkLoad.ChunkSize, ct);
            await store.BulkInsertDocumentsAsync(tenant.Key, tenant.Select(c => c.Facts), BulkInsertMode.InsertsOnly, BulkLoad.ChunkSize, ct);
        }
        await CopyCaseListAsync(cases.Select(c => c.Case), ct);
        await counting;
        _municipalities.UnionWith(cases.Select(c => c.Case.Municipality));
    }

    private void AddUp(IReadOnlyList<FoldedCase> cases)
    {
        foreach (var contribution in cases.Select(c => CaseContribution.Of(c.Facts, catalogue, now)))
        {
            var place = (contribution.Municipality, contribution.Group);
            if (!_sums.TryGetValue(place, out var sum)) _sums[place] = sum = new ContributionSums(place.Municipality, place.Group);
            sum.Add(contribution);
        }
    }

    /// <summary>
    /// Writes the sums of every municipality but <paramref name="municipality"/> and forgets them: the caller writes
    /// municipality after municipality, so theirs are whole.
    /// </summary>
    public async Task SettleAllButAsync(string municipality, CancellationToken ct)
    {
        var settled = _sums.Where(s => s.Key.Item1 != municipality).ToList();
        if (settled.Count == 0) return;
        await using (var connection = await database.OpenConnectionAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await DashboardSums.AddAsync(connection, [.. settled.Select(s => s.Value.Total)], emptied, SummaryTimeoutSeconds, ct);
            await transaction.CommitAsync(ct);
        }
        foreach (var (place, _) in settled) _sums.Remove(place);
    }

    /// <summary>
    /// The sums and counts of everything written and the evaluation projection's mark, in one transaction; then fresh
    /// planner statistics.
    /// </summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await using (var connection = await database.OpenConnectionAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await RecountAsync(connection, _municipalities, ct);
            await DashboardSums.AddAsync(connection, [.. _sums.Values.Select(s => s.Total)], emptied, SummaryTimeoutSeconds, ct);
            // The daemon starts after the events written or folded here: they are counted above.
            await MarkEverySeenAsync(connection, ct);
            await transaction.CommitAsync(ct);
        }
        await using var analyze = database.CreateCommand(
            "analyze progression.mt_events; analyze progression.mt_doc_case; analyze progression.mt_doc_casefacts; analyze progression.case_list; "
            + string.Join(" ", ReadModelSchema.SumTables.Select(t => $"analyze {t.QualifiedName};")));
        analyze.CommandTimeout = SummaryTimeoutSeconds;
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Marks the evaluation projection as having seen every event there is, and clears a failure the daemon recorded
    /// (extended progression tracking): what it stopped on has now been folded here, or this load would have failed.
    /// </summary>
    public static async Task MarkEverySeenAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var mark = new NpgsqlCommand(
            "insert into progression.mt_event_progression (name, last_seq_id, last_updated) "
            // A database without events yet has seen none (its sequence's first value is not handed out yet).
            + "select 'CaseFacts:All', case when is_called then last_value else 0 end, now() from progression.mt_events_sequence "
            + "on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated, "
            + "agent_status = null, pause_reason = null, failure_category = null, failure_event_sequence = null, "
            + "failure_event_type = null, failure_event_tenant_id = null", connection);
        await mark.ExecuteNonQueryAsync(ct);
    }

    private async Task CopyCaseListAsync(IEnumerable<Case> cases, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {ReadModelSchema.Schema}.{ReadModelSchema.CaseList} ({string.Join(", ", CaseList.Columns.Select(c => c.Name))}) from stdin (format binary)", ct);
        foreach (var c in cases)
        {
            await copy.StartRowAsync(ct);
            foreach (var (value, (_, type)) in CaseList.Row(c, catalogue).Zip(CaseList.Columns))
                await copy.WriteAsync(value, type, ct);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>The counts per group and status of the municipalities written to, counted afresh.</summary>
    private static async Task RecountAsync(NpgsqlConnection connection, IEnumerable<string> municipalities, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"insert into {ReadModelSchema.Schema}.{ReadModelSchema.CaseCounts} (tenant_id, target_group, status, cases) "
            + $"select tenant_id, target_group, status, count(*) from {ReadModelSchema.Schema}.{ReadModelSchema.CaseList} "
            + "where tenant_id = any($1) group by 1, 2, 3 on conflict (tenant_id, target_group, status) do update set cases = excluded.cases",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = municipalities.ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }
}
