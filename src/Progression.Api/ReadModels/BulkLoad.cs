using JasperFx.Events;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using Weasel.Core;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.ReadModels;

/// <summary>
/// A whole case history to load: its municipality, its id and its events in order, CaseOpened first; with
/// <paramref name="Recorded"/> (one per event), how each was recorded where the history comes from.
/// </summary>
public sealed record HistoryToLoad(string Municipality, Guid Id, IReadOnlyList<object> Events, IReadOnlyList<Recording>? Recorded = null);

/// <summary>How an event was recorded: when, by whom, its own id and Marten's correlation, causation and headers.</summary>
public sealed record Recording(
    DateTimeOffset At, string? By, Guid? EventId, string? CorrelationId, string? CausationId, IReadOnlyDictionary<string, string>? Headers);

/// <summary>
/// Loads whole case histories the fast way: events by Marten's bulk COPY, and every read model built here from the same
/// folds the projections use (the case view, the evaluation document, the case list, the dashboards' sums), written in
/// bulk too; at the end the evaluation projection is marked as having seen the new events, so the daemon does not count
/// them again. Follow-ups that fell due in the histories are recorded as the sweep would have. Runs alone: the daemon
/// must be caught up before, and no service may append meanwhile (see <see cref="ExclusiveUse"/>).
/// </summary>
public sealed class BulkLoad(IDocumentStore store, NpgsqlDataSource database, CatalogueModel catalogue)
{
    public const int ChunkSize = 2000;

    /// <summary>
    /// The dashboards' sums of a whole load go in one batch, and analyze reads every event: both grow with the load
    /// (100,000 cases: millions of sum rows), so they get minutes, not an interactive command's 30 s.
    /// </summary>
    private const int SummaryTimeoutSeconds = 600;

    /// <summary>Loads the histories; <paramref name="loaded"/> hears how many cases are in so far.</summary>
    public async Task LoadAsync(IEnumerable<HistoryToLoad> histories, DateTimeOffset now, Action<int> loaded, CancellationToken ct)
    {
        var behind = await ProjectionLagAsync(ct);
        if (behind > 0)
            throw new InvalidOperationException(
                $"The evaluation projection is {behind} events behind: start the service until freshness.behind is 0, then load.");

        var sums = new Dictionary<(string, string), ContributionSums>();
        var count = 0;
        foreach (var chunk in histories.Chunk(ChunkSize))
        {
            var cases = chunk.Select(h => Complete(h, now)).ToList();
            foreach (var tenant in cases.GroupBy(c => c.History.Municipality))
            {
                await store.BulkInsertEventsAsync(tenant.Key, [.. tenant.Select(c => Stream(c.History, now))], ChunkSize, ct);
                await store.BulkInsertDocumentsAsync(tenant.Key, tenant.Select(c => c.Case), BulkInsertMode.InsertsOnly, ChunkSize, ct);
                await store.BulkInsertDocumentsAsync(tenant.Key, tenant.Select(c => c.Facts), BulkInsertMode.InsertsOnly, ChunkSize, ct);
            }
            await CopyCaseListAsync(cases.Select(c => c.Case), ct);
            foreach (var contribution in cases.Select(c => CaseContribution.Of(c.Facts, catalogue, now)))
            {
                var place = (contribution.Municipality, contribution.Group);
                if (!sums.TryGetValue(place, out var sum)) sums[place] = sum = new ContributionSums(place.Municipality, place.Group);
                sum.Add(contribution);
            }
            loaded(count += chunk.Length);
        }

        await RecountAsync(sums.Keys.Select(k => k.Item1).Distinct(), ct);
        await using (var session = store.LightweightSession(new Marten.Services.SessionOptions { Timeout = SummaryTimeoutSeconds }))
        {
            foreach (var sum in sums.Values) DashboardSums.Queue(session, sum.Total);
            // The daemon starts after the loaded events: they are counted above.
            session.QueueSqlCommand(
                "insert into progression.mt_event_progression (name, last_seq_id, last_updated) "
                + "select 'CaseFacts:All', last_value, now() from progression.mt_events_sequence "
                + "on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated");
            await session.SaveChangesAsync(ct);
        }
        await using var analyze = database.CreateCommand(
            "analyze progression.mt_events; analyze progression.mt_doc_case; analyze progression.case_list; "
            + string.Join(" ", ReadModelSchema.SumTables.Select(t => $"analyze {t.QualifiedName};")));
        analyze.CommandTimeout = SummaryTimeoutSeconds;
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private sealed record Loaded(HistoryToLoad History, Case Case, CaseFacts Facts);

    /// <summary>The history with the follow-ups it let fall due, and the views it folds to.</summary>
    private Loaded Complete(HistoryToLoad history, DateTimeOffset now)
    {
        var (current, folded) = Fold(history);
        var due = FollowUpRules.DueBy(current, instrument => CaseList.IntervalDays(catalogue, instrument), now);
        if (due.Count == 0) return new Loaded(history, current, folded);
        var complete = history with { Events = [.. history.Events, .. due] };
        var (view, facts) = Fold(complete);
        return new Loaded(complete, view, facts);
    }

    private static (Case Case, CaseFacts Facts) Fold(HistoryToLoad history)
    {
        var opened = (CaseOpened)history.Events[0];
        var (view, facts) = (Case.Open(history.Id, opened) with { Version = 1 }, CaseFacts.Open(history.Id, opened));
        foreach (var (e, version) in history.Events.Skip(1).Select((e, i) => (e, i + 2L)))
            (view, facts) = (view.Evolve(e) with { Version = version }, facts.Evolve(e));
        return (view, facts with { Version = history.Events.Count, Case = view });
    }

    /// <summary>
    /// A new stream whose events keep how they were recorded, if the history says; else recorded when they happened, as
    /// a coordinator keeping up would have. Follow-ups this load found due are recorded now when the rest keeps its
    /// recording (they were not recorded where the history comes from).
    /// </summary>
    private StreamAction Stream(HistoryToLoad history, DateTimeOffset now)
    {
        var stream = StreamAction.Start(((DocumentStore)store).Events, history.Id, [.. history.Events]);
        foreach (var (e, i) in stream.Events.Select((e, i) => (e, i)))
        {
            if (history.Recorded is null) e.Timestamp = ((ICaseEvent)e.Data).HappenedAt;
            else if (i >= history.Recorded.Count) e.Timestamp = now;
            else Keep(e, history.Recorded[i]);
        }
        return stream;
    }

    private static void Keep(IEvent e, Recording recorded)
    {
        e.Timestamp = recorded.At;
        e.UserName = recorded.By;
        if (recorded.EventId is { } id) e.Id = id;
        e.CorrelationId = recorded.CorrelationId;
        e.CausationId = recorded.CausationId;
        e.Headers = recorded.Headers?.ToDictionary(h => h.Key, h => (object)h.Value);
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

    /// <summary>The counts per group and status of the municipalities the load went into, counted afresh.</summary>
    private async Task RecountAsync(IEnumerable<string> municipalities, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"insert into {ReadModelSchema.Schema}.{ReadModelSchema.CaseCounts} (tenant_id, target_group, status, cases) "
            + $"select tenant_id, target_group, status, count(*) from {ReadModelSchema.Schema}.{ReadModelSchema.CaseList} "
            + "where tenant_id = any($1) group by 1, 2, 3 on conflict (tenant_id, target_group, status) do update set cases = excluded.cases");
        command.Parameters.Add(new NpgsqlParameter { Value = municipalities.ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>How many events the evaluation projection has yet to see.</summary>
    private async Task<long> ProjectionLagAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            "select (select last_value from progression.mt_events_sequence where is_called) "
            + "- coalesce((select min(last_seq_id) from progression.mt_event_progression where name like 'CaseFacts:%'), 0)");
        return await command.ExecuteScalarAsync(ct) is long behind ? behind : 0;
    }
}
