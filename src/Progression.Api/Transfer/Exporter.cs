using System.Data;
using System.Text.Json;
using JasperFx.Events;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Progression.Api.Hosting;
using Progression.Api.ReadModels;

namespace Progression.Api.Transfer;

/// <summary>
/// Writes case histories as JSON Lines (<see cref="CaseHistoryLine"/>): every case, or one municipality's, by
/// municipality and case id, each with its events in version order, exactly as stored. Reads a page of cases at a time
/// (memory stays bounded however large the store), all pages from one snapshot: a case recorded meanwhile is written
/// as it stood when the export began, or not at all. With a pool of databases, a municipality is read from its database,
/// and every case database after database (by the pool's name for each), each from a snapshot taken as the export began.
/// </summary>
public sealed class Exporter(MunicipalityDatabases databases, IOptions<JsonOptions> api)
{
    public const int PageSize = 500;

    private const string Schema = ReadModelSchema.Schema;

    /// <summary>
    /// A stream with events of its own: Marten's tombstone stream (where a failed transaction's unused sequence numbers
    /// go) stays at version 0 and is no case.
    /// </summary>
    private const string IsCase = "version > 0";

    private readonly JsonSerializerOptions _json = CaseHistoryLine.Json(api.Value.SerializerOptions);

    /// <summary>
    /// Writes the cases to <paramref name="output"/>: <paramref name="counted"/> hears how many there are, then
    /// <paramref name="written"/> how many are written so far.
    /// </summary>
    public async Task<(long Cases, long Events)> ExportAsync(string? municipality, Stream output, Action<long> counted, Action<long> written,
        CancellationToken ct)
    {
        // A municipality the pool never placed has no cases: looking for it places it nowhere.
        var sources = municipality is null ? await databases.AllAsync()
            : [.. (await databases.GroupAsync([municipality])).Select(g => g.Database)];
        var snapshots = new List<NpgsqlTransaction>();
        try
        {
            foreach (var database in sources.OrderBy(d => d.Id, StringComparer.Ordinal))
            {
                var connection = await database.DataSource.OpenConnectionAsync(ct);
                try
                {
                    snapshots.Add(await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct));
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            }
            var total = 0L;
            foreach (var snapshot in snapshots) total += await CountAsync(snapshot, municipality, ct);
            counted(total);

            var (cases, events) = (0L, 0L);
            await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = _json.Encoder });
            foreach (var snapshot in snapshots)
            {
                var after = (Municipality: municipality ?? "", Case: Guid.Empty);
                while (await PageAsync(snapshot, municipality, after, ct) is { Count: > 0 } page)
                {
                    foreach (var line in await HistoriesAsync(snapshot, page, ct))
                    {
                        JsonSerializer.Serialize(writer, line, _json);
                        await writer.FlushAsync(ct);
                        writer.Reset();
                        output.WriteByte((byte)'\n');
                        events += line.Events.Count;
                    }
                    written(cases += page.Count);
                    after = page[^1];
                }
            }
            return (cases, events);
        }
        finally
        {
            foreach (var snapshot in snapshots)
            {
                var connection = snapshot.Connection!;
                await snapshot.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<long> CountAsync(NpgsqlTransaction snapshot, string? municipality, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand(
            $"select count(*) from {Schema}.mt_streams where {IsCase}" + (municipality is null ? "" : " and tenant_id = $1"),
            snapshot.Connection, snapshot);
        if (municipality is not null) count.Parameters.Add(new NpgsqlParameter { Value = municipality });
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The next page of cases after <paramref name="after"/>, by municipality, then id.</summary>
    private static async Task<List<(string, Guid)>> PageAsync(NpgsqlTransaction snapshot, string? municipality, (string, Guid) after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select tenant_id, id from {Schema}.mt_streams where {IsCase} and (tenant_id, id) > ($1, $2)"
            + (municipality is null ? "" : " and tenant_id = $1") + " order by tenant_id, id limit $3", snapshot.Connection, snapshot)
        {
            Parameters = { new() { Value = after.Item1 }, new() { Value = after.Item2 }, new() { Value = PageSize } },
        };
        var page = new List<(string, Guid)>(PageSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) page.Add((reader.GetString(0), reader.GetGuid(1)));
        return page;
    }

    /// <summary>The page's cases, each with its events in version order.</summary>
    private static async Task<List<CaseHistoryLine>> HistoriesAsync(NpgsqlTransaction snapshot, List<(string Municipality, Guid Case)> page,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select e.tenant_id, e.stream_id, e.type, e.version, e.timestamp, e.data::text, e.user_name, e.id, e.correlation_id,
                e.causation_id, e.headers::text
            from unnest($1::varchar[], $2::uuid[]) as page (tenant_id, id)
            join {Schema}.mt_events e on e.tenant_id = page.tenant_id and e.stream_id = page.id
            where e.type <> $3
            order by e.tenant_id, e.stream_id, e.version
            """, snapshot.Connection, snapshot)
        {
            Parameters =
            {
                new() { Value = page.Select(p => p.Municipality).ToArray() }, new() { Value = page.Select(p => p.Case).ToArray() },
                // Marten's placeholders for sequence numbers a failed transaction left unused: bookkeeping, no case's history.
                new() { Value = Tombstone.Name },
            },
        };
        var lines = new List<CaseHistoryLine>(page.Count);
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (tenant, stream) = (reader.GetString(0), reader.GetGuid(1));
            if (lines.Count == 0 || lines[^1].CaseId != stream || lines[^1].Municipality != tenant)
                lines.Add(new CaseHistoryLine(stream, tenant, events = []));
            events.Add(new RecordedEvent(
                EventContracts.FromStored(reader.GetString(2)), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4),
                JsonElement.Parse(reader.GetString(5)), Text(reader, 6), reader.GetGuid(7), Text(reader, 8), Text(reader, 9),
                reader.IsDBNull(10) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(10))));
        }
        return lines;
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
