using System.Collections.Concurrent;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using Progression.Api.Cases;
using Progression.Api.Hosting;
using Progression.Api.ReadModels;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Transfer;

/// <summary>A line the import refused: its number in the file, its case (when the line names one readably) and why.</summary>
public sealed record Refusal(long Line, Guid? CaseId, ProblemDetails Problem);

public sealed record ImportResult(long Lines, long Cases, long Events, IReadOnlyList<Refusal> Refused);

/// <summary>
/// Imports case histories from a JSON Lines file (<see cref="CaseHistoryLine"/>): each line is checked whole
/// (<see cref="HistoryCheck"/>), a case whose id exists anywhere in the store (or on an earlier line) is refused, and the
/// good lines are loaded by <see cref="BulkLoad"/>, with every read model current at the end and the follow-ups that
/// have fallen due since recorded. A case is imported whole or not at all; a refused line does not stop the others.
/// Each municipality's cases go to its database (<see cref="MunicipalityDatabases"/>). Takes every database exclusively (no
/// service may run on one meanwhile).
/// </summary>
public sealed class Importer(IDocumentStore store, MunicipalityDatabases databases, CatalogueModel catalogue, TimeProvider clock,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> api)
{
    /// <summary>
    /// Imports the file: <paramref name="counted"/> hears how many lines it has, then <paramref name="read"/> how many
    /// are read so far.
    /// </summary>
    public async Task<ImportResult> ImportAsync(string path, Action<long> counted, Action<long> read, CancellationToken ct)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var all = await databases.AllAsync();
        await using var exclusive = await ExclusiveUse.AcquireAsync(all, ct);
        var now = clock.GetUtcNow();
        var (lines, firstLines) = Survey(path);
        var existing = await ExistingAsync(all, firstLines.Keys, ct);
        counted(lines);

        var check = new HistoryCheck(catalogue, api.Value.SerializerOptions);
        var refused = new List<Refusal>();
        var (cases, events) = (0L, 0L);
        // The lines are checked on a thread of their own while the checked ones load: checking is the import's CPU work,
        // loading mostly PostgreSQL's, so the two overlap. A few chunks ahead at most: memory stays bounded.
        using var accepted = new BlockingCollection<HistoryToLoad>(2 * BulkLoad.ChunkSize);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var checking = Task.Run(() =>
        {
            try
            {
                var number = 0L;
                foreach (var text in File.ReadLines(path))
                {
                    read(++number);
                    if (string.IsNullOrWhiteSpace(text)) continue;
                    var line = check.Check(text, now);
                    var problem = line.CaseId is { } id && existing.Contains(id)
                        ? Problems.Conflict("caseId", "exists in this database already: a case id is unique across municipalities")
                        : line.CaseId is { } again && firstLines.TryGetValue(again, out var first) && first != number
                            ? Problems.Conflict("caseId", $"is the case of line {first} already: a case is one line")
                            : line.Problem;
                    if (problem is not null)
                    {
                        refused.Add(new Refusal(number, line.CaseId, problem));
                        continue;
                    }
                    (cases, events) = (cases + 1, events + line.History!.Events.Count);
                    accepted.Add(line.History, stop.Token);
                }
            }
            finally
            {
                accepted.CompleteAdding();
            }
        }, stop.Token);
        try
        {
            await new BulkLoad(store, databases, catalogue).LoadAsync(accepted.GetConsumingEnumerable(ct), now, _ => { }, ct);
        }
        catch
        {
            await stop.CancelAsync(); // the load refused or failed: the checking thread must not wait for it forever
            throw;
        }
        await checking;
        return new ImportResult(lines, cases, events, refused);
    }

    private sealed record CaseIdOnly(Guid CaseId);

    /// <summary>How many lines the file has, and the first line of each case id it names (read leniently: the check reads strictly).</summary>
    private static (long Lines, Dictionary<Guid, long> FirstLines) Survey(string path)
    {
        var (lines, firstLines) = (0L, new Dictionary<Guid, long>());
        foreach (var text in File.ReadLines(path))
        {
            lines++;
            try
            {
                if (JsonSerializer.Deserialize<CaseIdOnly>(text, JsonSerializerOptions.Web) is { } line) firstLines.TryAdd(line.CaseId, lines);
            }
            catch (JsonException)
            {
                // a line that does not read is refused, with its reason, when it is checked
            }
        }
        return (lines, firstLines);
    }

    /// <summary>The ids among <paramref name="ids"/> that name a case in any municipality, on any database.</summary>
    private static async Task<HashSet<Guid>> ExistingAsync(IReadOnlyList<Database> all, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var existing = new HashSet<Guid>();
        foreach (var batch in ids.Chunk(10_000))
        foreach (var database in all.Select(d => d.DataSource))
        {
            await using var command = database.CreateCommand($"select id from {ReadModelSchema.Schema}.mt_streams where id = any($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = batch });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) existing.Add(reader.GetGuid(0));
        }
        return existing;
    }
}
