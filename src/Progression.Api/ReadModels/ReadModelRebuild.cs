using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Npgsql;
using Progression.Api.Hosting;
using Progression.Api.Transfer;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.ReadModels;

/// <summary>
/// Rebuilds every read model from the events, from scratch: the case views and the case list (kept inline), the
/// evaluation documents and the dashboards' sums (kept by the async CaseFacts projection) and the counts per group and
/// status. Clears them, reads every case's events in order from one streaming query, folds each whole case as a bulk
/// load does (<see cref="BulkLoad.Fold"/>) and writes the chunks in bulk (<see cref="ReadModelWriter"/>); the
/// evaluation projection is marked as having seen every event. Marten's own projection rebuild runs no side effects, so
/// it would leave the case list and the sums behind. With a pool of databases, each database is rebuilt in turn from its
/// own events. Takes every database exclusively (no service may run on one meanwhile). A rebuild stopped part-way leaves
/// read models missing (never an event counted twice): run it again before the service starts.
/// </summary>
public sealed class ReadModelRebuild(IDocumentStore store, MunicipalityDatabases databases, CatalogueModel catalogue, TimeProvider clock)
{
    /// <summary>How long the events' query may wait for PostgreSQL: it streams for as long as the rebuild runs.</summary>
    private const int ReadTimeoutSeconds = 600;

    /// <summary>
    /// Rebuilds: <paramref name="counted"/> hears how many cases and events there are, then <paramref name="folded"/> how
    /// many events are folded and written so far.
    /// </summary>
    public async Task<(long Cases, long Events)> RebuildAsync(Action<long, long> counted, Action<long> folded, CancellationToken ct)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var all = await databases.AllAsync();
        await using var exclusive = await ExclusiveUse.AcquireAsync(all, ct);
        foreach (var database in all) await CheckPlacedAsync(database, ct);
        var counts = new List<(long Cases, long Events)>();
        foreach (var database in all) counts.Add(await CountAsync(database.DataSource, ct));
        counted(counts.Sum(c => c.Cases), counts.Sum(c => c.Events));

        var (written, writtenEvents) = (0L, 0L);
        foreach (var database in all)
        {
            var before = writtenEvents;
            var (cases, events) = await RebuildAsync(database.DataSource, events => folded(before + events), ct);
            (written, writtenEvents) = (written + cases, writtenEvents + events);
        }
        return (written, writtenEvents);
    }

    /// <summary>One database's read models, from its own events.</summary>
    private async Task<(long Cases, long Events)> RebuildAsync(NpgsqlDataSource database, Action<long> folded, CancellationToken ct)
    {
        await ClearAsync(database, ct);

        // Reading, deserialising and folding run apart from the writing: a chunk or two ahead at most, so memory stays
        // bounded however long the history.
        var chunks = Channel.CreateBounded<FoldedCase[]>(2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadAsync(database, chunks.Writer, stop.Token), stop.Token);
        var writer = new ReadModelWriter(store, database, catalogue, clock.GetUtcNow(), emptied: true);
        var (written, writtenEvents) = (0L, 0L);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            {
                await writer.WriteAsync(chunk, ct);
                // Cases come municipality by municipality: those before this chunk's last are whole.
                await writer.SettleAllButAsync(chunk[^1].Case.Municipality, ct);
                (written, writtenEvents) = (written + chunk.Length, writtenEvents + chunk.Sum(c => c.Case.Version));
                folded(writtenEvents);
            }
        }
        catch
        {
            await stop.CancelAsync(); // the writing failed: the reading must not wait for it forever
            throw;
        }
        await reading;
        await writer.CompleteAsync(ct);
        return (written, writtenEvents);
    }

    /// <summary>
    /// Refuses a database holding cases of a municipality the pool places on another (a copy left behind by a move):
    /// Marten would write their documents where the municipality is placed, the rest here.
    /// </summary>
    private async Task CheckPlacedAsync(Database database, CancellationToken ct)
    {
        var held = new List<string>();
        await using (var command = database.DataSource.CreateCommand($"select distinct tenant_id from {ReadModelSchema.Schema}.mt_streams"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) held.Add(reader.GetString(0));
        var here = (await databases.GroupAsync(held)).Where(g => g.Database.Id == database.Id).SelectMany(g => g.Municipalities);
        if (held.Except(here).Order().ToList() is { Count: > 0 } elsewhere)
            throw new InvalidOperationException($"Database {database.Id} holds cases of {string.Join(", ", elsewhere)}, placed on another "
                                                + "database (or none): remove them from this one, or place them here, then rebuild.");
    }

    /// <summary>The cases and their events, from the streams' versions (no scan of the events).</summary>
    private static async Task<(long Cases, long Events)> CountAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        // Marten's tombstone stream (version 0) is no case.
        await using var command = database.CreateCommand(
            $"select count(*), coalesce(sum(version), 0)::bigint from {ReadModelSchema.Schema}.mt_streams where version > 0");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Every read model emptied, and the evaluation projection marked as having seen every event, in one transaction.</summary>
    private async Task ClearAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        string[] tables =
        [
            Table<Case>(), Table<CaseFacts>(), $"{ReadModelSchema.Schema}.{ReadModelSchema.CaseList}",
            $"{ReadModelSchema.Schema}.{ReadModelSchema.CaseCounts}", .. ReadModelSchema.SumTables.Select(t => t.QualifiedName),
        ];
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var truncate = new NpgsqlCommand($"truncate {string.Join(", ", tables)}", connection))
            await truncate.ExecuteNonQueryAsync(ct);
        // Set to the last event now: the daemon of a service started after a rebuild stopped part-way must not fold
        // events onto the documents the rebuild wrote (they hold them already).
        await ReadModelWriter.MarkEverySeenAsync(connection, ct);
        await transaction.CommitAsync(ct);
    }

    private string Table<T>() => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    /// <summary>
    /// A database's every case's events in version order, a case at a time, whole cases folded in chunks of
    /// <see cref="BulkLoad.ChunkSize"/>.
    /// </summary>
    private async Task ReadAsync(NpgsqlDataSource database, ChannelWriter<FoldedCase[]> chunks, CancellationToken ct)
    {
        try
        {
            var serializer = store.Options.Serializer();
            await using var connection = await database.OpenConnectionAsync(ct);
            await using var snapshot = await connection.BeginTransactionAsync(ct);
            // In the events' own key order: the rows stream from the first, where a sort would spill every event to disk
            // and answer only when done (the planner prefers the sort for a whole table).
            await using (var plan = new NpgsqlCommand("set local enable_sort = off", connection, snapshot))
                await plan.ExecuteNonQueryAsync(ct);
            await using var command = new NpgsqlCommand(
                $"select tenant_id, stream_id, type, data from {ReadModelSchema.Schema}.mt_events where type <> $1 "
                + "order by tenant_id, stream_id, version", connection, snapshot)
            {
                CommandTimeout = ReadTimeoutSeconds,
                // Marten's placeholders for sequence numbers a failed transaction left unused: no case's history.
                Parameters = { new() { Value = Tombstone.Name } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            var chunk = new List<HistoryToLoad>(BulkLoad.ChunkSize);
            var events = new List<object>();
            while (await reader.ReadAsync(ct))
            {
                var (tenant, stream) = (reader.GetString(0), reader.GetGuid(1));
                if (chunk.Count == 0 || chunk[^1].Id != stream || chunk[^1].Municipality != tenant)
                {
                    if (chunk.Count == BulkLoad.ChunkSize)
                    {
                        await chunks.WriteAsync([.. chunk.Select(BulkLoad.Fold)], ct);
                        chunk.Clear();
                    }
                    chunk.Add(new HistoryToLoad(tenant, stream, events = []));
                }
                events.Add(serializer.FromJson(EventContracts.ByName[EventContracts.FromStored(reader.GetString(2))], reader, 3));
            }
            if (chunk.Count > 0) await chunks.WriteAsync([.. chunk.Select(BulkLoad.Fold)], ct);
            chunks.Complete();
        }
        catch (Exception failed)
        {
            chunks.TryComplete(failed);
            throw;
        }
    }
}
