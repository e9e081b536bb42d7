using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Progression.Api.Hosting;
using Progression.Harness;

namespace Progression.Bench;

/// <summary>
/// Import against its baseline in the same run, on one fresh cluster with normal durability: the seed command fills a
/// source database, the export command writes it to a file, the import command (timed, process start included) loads
/// the file into an empty database with every read model current; then the same event rows, read from the source
/// beforehand, go by raw Npgsql binary COPY into a plain table of a third database (timed: the COPY alone).
/// </summary>
public static class ImportBenchmark
{
    /// <summary>Marten's event columns, as the raw COPY writes them (the same rows, no index, no projection).</summary>
    private static readonly (string Name, NpgsqlDbType Type)[] Columns =
    [
        ("seq_id", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Uuid), ("stream_id", NpgsqlDbType.Uuid), ("version", NpgsqlDbType.Bigint),
        ("data", NpgsqlDbType.Jsonb), ("type", NpgsqlDbType.Varchar), ("timestamp", NpgsqlDbType.TimestampTz), ("tenant_id", NpgsqlDbType.Varchar),
        ("mt_dotnet_type", NpgsqlDbType.Varchar), ("correlation_id", NpgsqlDbType.Varchar), ("causation_id", NpgsqlDbType.Varchar),
        ("headers", NpgsqlDbType.Jsonb), ("user_name", NpgsqlDbType.Varchar),
    ];

    public static async Task<JsonObject> RunAsync(int size, string municipalities)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"progression-bench-import-{Guid.NewGuid():N}");
        var file = Path.Combine(folder, "export.jsonl");
        var cluster = await LocalPostgres.StartAsync(Path.Combine(folder, "cluster"), "source", throwaway: false);
        try
        {
            await cluster.EnsureDatabaseAsync("target");
            await cluster.EnsureDatabaseAsync("raw");
            // Production wants keys configured; the commands here sign nothing and pseudonymise no one.
            var key = RandomNumberGenerator.GetBytes(32);
            var (source, target) = (BenchService.Settings(cluster, "source", key), BenchService.Settings(cluster, "target", key));
            await BenchService.RunAsync(["db-apply"], source);
            await BenchService.RunAsync(["seed", "--cases", $"{size}", "--municipalities", municipalities, "--seed", "1"], source);
            await BenchService.RunAsync(["export", file], source);
            await BenchService.RunAsync(["db-apply"], target);
            var fileMb = new FileInfo(file).Length / 1024.0 / 1024.0;

            var importing = Stopwatch.StartNew();
            var report = await BenchService.RunAsync(["import", file], target);
            var importSeconds = importing.Elapsed.TotalSeconds;
            // The command's own timing: from the host built to the last read model written (no process start, no JIT of the host).
            var loadSeconds = double.Parse(Regex.Match(report, @" in ([0-9.]+) s \(").Groups[1].Value, CultureInfo.InvariantCulture);
            var sourceSql = cluster.ConnectionString("source");
            var targetSql = cluster.ConnectionString("target");
            var events = await Sql.ScalarAsync(sourceSql, "select count(*) from progression.mt_events where type <> 'tombstone'");
            var imported = await Sql.ScalarAsync(targetSql, "select count(*) from progression.mt_events");
            // Current at the end: the async projection has seen every event, the inline views and lists hold every case.
            var behind = await Sql.ScalarAsync(targetSql,
                "select (select max(seq_id) from progression.mt_events) - (select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All')");
            var views = await Sql.ScalarAsync(targetSql, "select (select count(*) from progression.mt_doc_case) + (select count(*) from progression.case_list)");
            if (behind != 0 || views != 2L * size)
                throw new InvalidOperationException($"after the import the projection is {behind} events behind and {views} of {2 * size} view rows exist");

            var rows = await ReadEventsAsync(sourceSql);
            var rawSeconds = await CopyRawAsync(cluster.ConnectionString("raw"), rows);

            var (importRate, rawRate) = (events / importSeconds, rows.Count / rawSeconds);
            Console.WriteLine($"   {size:N0} cases, {events:N0} events ({imported - events:N0} follow-ups fell due since the seed), file {fileMb:0} MB");
            Console.WriteLine($"   import {importSeconds:0.0} s as a process ({loadSeconds:0.0} s its own): {size / importSeconds:N0} cases/s, "
                              + $"{importRate:N0} events/s ({events / loadSeconds:N0} its own)");
            Console.WriteLine($"   raw binary COPY {rawSeconds:0.00} s: {rawRate:N0} events/s; import is {importRate / rawRate:P0} of it");
            return new JsonObject
            {
                ["cases"] = size, ["events"] = events, ["fileMb"] = Math.Round(fileMb, 1),
                ["importSeconds"] = Math.Round(importSeconds, 2), ["importCasesPerSecond"] = Math.Round(size / importSeconds),
                ["importEventsPerSecond"] = Math.Round(importRate), ["importOwnSeconds"] = loadSeconds,
                ["importOwnEventsPerSecond"] = Math.Round(events / loadSeconds), ["rawCopySeconds"] = Math.Round(rawSeconds, 2),
                ["rawCopyEventsPerSecond"] = Math.Round(rawRate), ["importShareOfRawCopy"] = Math.Round(importRate / rawRate, 3),
            };
        }
        finally
        {
            await cluster.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<object?[]>> ReadEventsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select {string.Join(", ", Columns.Select(c => c.Name == "data" || c.Name == "headers" ? $"{c.Name}::text" : c.Name))} "
            + "from progression.mt_events where type <> 'tombstone' order by seq_id", connection);
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add([.. Enumerable.Range(0, Columns.Length).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        return rows;
    }

    /// <summary>The seconds the binary COPY of <paramref name="rows"/> into a new plain table takes, commit included.</summary>
    private static async Task<double> CopyRawAsync(string connectionString, List<object?[]> rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
                         $"create table raw_events ({string.Join(", ", Columns.Select(c => $"{c.Name} {SqlType(c.Type)}"))})", connection))
            await create.ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync(
                         $"copy raw_events ({string.Join(", ", Columns.Select(c => c.Name))}) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                for (var i = 0; i < Columns.Length; i++)
                    if (row[i] is { } value) await copy.WriteAsync(value, Columns[i].Type);
                    else await copy.WriteNullAsync();
            }
            await copy.CompleteAsync();
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static string SqlType(NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Bigint => "bigint", NpgsqlDbType.Uuid => "uuid", NpgsqlDbType.Jsonb => "jsonb",
        NpgsqlDbType.TimestampTz => "timestamptz", _ => "varchar",
    };
}
