using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using Progression.Api.Hosting;
using Progression.Api.ReadModels;

namespace Progression.Bench;

/// <summary>
/// The rebuild of every read model against its baseline in the same run, on one fresh cluster with normal durability:
/// the seed command fills the database, then the events are read raw (timed: a binary COPY out of mt_events in
/// sequence order, every column of every row decoded in the client), then the read-models rebuild command (timed as an
/// operator runs it, its own process, start-up included). The read models it leaves are checked against those the seed
/// wrote (every row hashed), and the evaluation projection's mark against the last event.
/// </summary>
public static class RebuildBenchmark
{
    private const string Events = "progression.mt_events where type <> 'tombstone'";

    public static async Task<JsonObject> RunAsync(int size, string municipalities)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"progression-bench-rebuild-{Guid.NewGuid():N}");
        var cluster = await LocalPostgres.StartAsync(folder, "progression", throwaway: false);
        try
        {
            // Production wants keys configured; the commands here sign nothing and pseudonymise no one.
            var settings = BenchService.Settings(cluster, "progression", RandomNumberGenerator.GetBytes(32));
            await BenchService.RunAsync(["db-apply"], settings);
            await BenchService.RunAsync(["seed", "--cases", $"{size}", "--municipalities", municipalities, "--seed", "1"], settings);
            var sql = cluster.ConnectionString("progression");
            var events = await Sql.ScalarAsync(sql, $"select count(*) from {Events}");
            var seeded = await FingerprintAsync(sql);

            var (rawSeconds, rawRows) = await ReadRawAsync(sql);
            if (rawRows != events) throw new InvalidOperationException($"the raw read saw {rawRows} of {events} events");

            var rebuilding = Stopwatch.StartNew();
            var (report, peak) = await BenchService.RunMeasuredAsync(["read-models", "rebuild"], settings);
            var rebuildSeconds = rebuilding.Elapsed.TotalSeconds;
            // The command's own timing: from the host built to the last read model written (no process start).
            var ownSeconds = double.Parse(Regex.Match(report, @" in ([0-9.]+) s \(").Groups[1].Value, CultureInfo.InvariantCulture);
            var rebuilt = await FingerprintAsync(sql);
            var different = seeded.Where(t => rebuilt[t.Key] != t.Value).Select(t => t.Key).ToList();
            var behind = await Sql.ScalarAsync(sql,
                "select (select max(seq_id) from progression.mt_events) - (select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All')");
            if (different.Count > 0 || behind != 0)
                throw new InvalidOperationException($"after the rebuild {string.Join(", ", different)} differ from the seed's and the projection is {behind} events behind");

            var (rawRate, rebuildRate) = (events / rawSeconds, events / rebuildSeconds);
            var peakMb = peak / 1024.0 / 1024.0;
            Console.WriteLine($"   {size:N0} cases, {events:N0} events");
            Console.WriteLine($"   raw read (binary COPY out) {rawSeconds:0.00} s: {rawRate:N0} events/s");
            Console.WriteLine($"   rebuild {rebuildSeconds:0.0} s as a process ({ownSeconds:0.0} s its own): {rebuildRate:N0} events/s "
                              + $"({events / ownSeconds:N0} its own), peak RSS {peakMb:0} MB; read models as the seed wrote them");
            Console.WriteLine($"   rebuild is {rebuildRate / rawRate:P0} of the raw read ({events / ownSeconds / rawRate:P0} its own); target 50 %");
            return new JsonObject
            {
                ["cases"] = size, ["events"] = events,
                ["rawReadSeconds"] = Math.Round(rawSeconds, 2), ["rawReadEventsPerSecond"] = Math.Round(rawRate),
                ["rebuildSeconds"] = Math.Round(rebuildSeconds, 2), ["rebuildEventsPerSecond"] = Math.Round(rebuildRate),
                ["rebuildOwnSeconds"] = ownSeconds, ["rebuildOwnEventsPerSecond"] = Math.Round(events / ownSeconds),
                ["rebuildShareOfRawRead"] = Math.Round(rebuildRate / rawRate, 3),
                ["rebuildOwnShareOfRawRead"] = Math.Round(events / ownSeconds / rawRate, 3), ["rebuildPeakRssMb"] = Math.Round(peakMb),
            };
        }
        finally
        {
            await cluster.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every event row out by binary COPY in sequence order, each column read in the client: the seconds and the rows.</summary>
    private static async Task<(double Seconds, long Rows)> ReadRawAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        var rows = 0L;
        await using (var export = await connection.BeginBinaryExportAsync(
                         $"copy (select seq_id, tenant_id, stream_id, version, type, data from {Events} order by seq_id) to stdout (format binary)"))
        {
            while (await export.StartRowAsync() != -1)
            {
                await export.ReadAsync<long>(NpgsqlDbType.Bigint);
                await export.ReadAsync<string>(NpgsqlDbType.Varchar);
                await export.ReadAsync<Guid>(NpgsqlDbType.Uuid);
                await export.ReadAsync<long>(NpgsqlDbType.Bigint);
                await export.ReadAsync<string>(NpgsqlDbType.Varchar);
                await export.ReadAsync<string>(NpgsqlDbType.Jsonb);
                rows++;
            }
        }
        return (watch.Elapsed.TotalSeconds, rows);
    }

    /// <summary>
    /// Every read model's rows as a count and a sum of row hashes (documents by municipality, id and JSON: their
    /// timestamps and Marten's version ids are the write's, not the model's).
    /// </summary>
    private static async Task<Dictionary<string, string>> FingerprintAsync(string connectionString)
    {
        string[] rows =
        [
            "select tenant_id || id || data::text from progression.mt_doc_case",
            "select tenant_id || id || data::text from progression.mt_doc_casefacts",
            $"select t::text from {ReadModelSchema.Schema}.{ReadModelSchema.CaseList} t",
            $"select t::text from {ReadModelSchema.Schema}.{ReadModelSchema.CaseCounts} t",
            .. ReadModelSchema.SumTables.Select(table => $"select t::text from {table.QualifiedName} t"),
        ];
        var prints = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var query in rows)
        {
            await using var command = new NpgsqlCommand(
                $"select count(*) || ':' || coalesce(sum(hashtextextended(r, 0)::numeric), 0) from ({query}) as rows (r)", connection)
            {
                CommandTimeout = 600,
            };
            prints[query[(query.IndexOf(" from ", StringComparison.Ordinal) + 6)..]] = (string)(await command.ExecuteScalarAsync())!;
        }
        return prints;
    }
}
