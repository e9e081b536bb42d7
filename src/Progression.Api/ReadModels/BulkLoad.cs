using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using Progression.Api.Hosting;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
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
/// folds the projections use, written in bulk by <see cref="ReadModelWriter"/> (which also marks the evaluation
/// projection as having seen the new events, so the daemon does not count them again), one writer for each database a
/// municipality of the load lives on (placing a municipality seen for the first time). Follow-ups that fell due in the
/// histories are recorded as the sweep would have. Runs alone: the daemons must be caught up before, and no service may
/// append meanwhile (see <see cref="ExclusiveUse"/>).
/// </summary>
public sealed class BulkLoad(IDocumentStore store, MunicipalityDatabases databases, CatalogueModel catalogue)
{
    public const int ChunkSize = 2000;

    /// <summary>Loads the histories; <paramref name="loaded"/> hears how many cases are in so far.</summary>
    public async Task LoadAsync(IEnumerable<HistoryToLoad> histories, DateTimeOffset now, Action<int> loaded, CancellationToken ct)
    {
        var behind = (await Task.WhenAll((await databases.AllAsync()).Select(d => ProjectionLagAsync(d.DataSource, ct)))).Sum();
        if (behind > 0)
            throw new InvalidOperationException(
                $"The evaluation projection is {behind} events behind: start the service until freshness.behind is 0, then load.");

        // The sums and the projection's mark are the database's own: each database a writer of its own.
        var writers = new Dictionary<NpgsqlDataSource, ReadModelWriter>();
        var count = 0;
        foreach (var chunk in histories.Chunk(ChunkSize))
        {
            var cases = chunk.Select(h => Complete(h, now)).ToList();
            var databaseOf = await PlacedAsync(cases.Select(c => c.History.Municipality).Distinct());
            foreach (var tenant in cases.GroupBy(c => c.History.Municipality))
                await store.BulkInsertEventsAsync(tenant.Key, [.. tenant.Select(c => Stream(c.History, now))], ChunkSize, ct);
            foreach (var part in cases.GroupBy(c => databaseOf[c.History.Municipality]))
            {
                if (!writers.TryGetValue(part.Key, out var writer))
                    writers[part.Key] = writer = new ReadModelWriter(store, part.Key, catalogue, now, emptied: false);
                await writer.WriteAsync([.. part.Select(c => c.Folded)], ct);
            }
            loaded(count += chunk.Length);
        }
        foreach (var writer in writers.Values) await writer.CompleteAsync(ct);
    }

    /// <summary>
    /// The database of each municipality, placing those seen for the first time before any of their events is written
    /// (which creates their partitions there).
    /// </summary>
    private async Task<Dictionary<string, NpgsqlDataSource>> PlacedAsync(IEnumerable<string> municipalities)
    {
        var of = new Dictionary<string, NpgsqlDataSource>();
        foreach (var municipality in municipalities)
        {
            try
            {
                of[municipality] = await databases.OfAsync(municipality);
            }
            catch (UnknownTenantIdException)
            {
                throw new InvalidOperationException(
                    $"Municipality {municipality} is placed on no database of the pool (with explicit placement, place it first).");
            }
        }
        return of;
    }

    private sealed record Loaded(HistoryToLoad History, FoldedCase Folded);

    /// <summary>The history with the follow-ups it let fall due, and the views it folds to.</summary>
    private Loaded Complete(HistoryToLoad history, DateTimeOffset now)
    {
        var folded = Fold(history);
        var due = FollowUpRules.DueBy(folded.Case, instrument => CaseList.IntervalDays(catalogue, instrument), now);
        if (due.Count == 0) return new Loaded(history, folded);
        var complete = history with { Events = [.. history.Events, .. due] };
        return new Loaded(complete, Fold(complete));
    }

    /// <summary>
    /// The case view and the evaluation document a whole history folds to, as the projections fold it. The evaluation
    /// document folds the case view along (the same <c>Case.Evolve</c>, which never reads the version), so the case is
    /// folded once.
    /// </summary>
    public static FoldedCase Fold(HistoryToLoad history)
    {
        var facts = CaseFacts.Open(history.Id, (CaseOpened)history.Events[0]);
        foreach (var e in history.Events.Skip(1)) facts = facts.Evolve(e);
        var view = facts.Case with { Version = history.Events.Count };
        return new FoldedCase(view, facts with { Version = history.Events.Count, Case = view });
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

    /// <summary>How many events the evaluation projection has yet to see on a database.</summary>
    private static async Task<long> ProjectionLagAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            "select (select last_value from progression.mt_events_sequence where is_called) "
            + "- coalesce((select min(last_seq_id) from progression.mt_event_progression where name like 'CaseFacts:%'), 0)");
        return await command.ExecuteScalarAsync(ct) is long behind ? behind : 0;
    }
}
