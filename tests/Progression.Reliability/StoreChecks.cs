using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>The ledger held against what the store holds after the run, on every database of the pool (by id).</summary>
public sealed class StoreChecks(IReadOnlyDictionary<string, string> pool)
{
    /// <summary>Waits until the last follow-up fell due (and a sweep passed) and each database's projection has every event.</summary>
    public async Task WaitCaughtUpAsync(DateTimeOffset lastDue)
    {
        var wait = lastDue.AddSeconds(5) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        for (var deadline = DateTimeOffset.UtcNow.AddMinutes(2); DateTimeOffset.UtcNow < deadline; await Task.Delay(500))
            if ((await Task.WhenAll(pool.Values.Select(BehindAsync))).All(behind => behind == 0)) return;
    }

    private static Task<long> BehindAsync(string database) => ScalarAsync(database,
        "select coalesce((select max(seq_id) from progression.mt_events), 0) "
        + "- coalesce((select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All'), 0)");

    /// <summary>
    /// Every acknowledged command landed once, at the version it was acknowledged with; none landed twice (counted over
    /// every database: a command that landed on two would count twice).
    /// </summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> LedgerAsync(Ledger ledger)
    {
        var landed = new Dictionary<string, List<(Guid Case, long Version)>>();
        foreach (var row in await RowsAsync(
                     "select data->>'measuredBy', stream_id, version from progression.mt_events "
                     + "where type = 'progression_measured' and data->>'measuredBy' like 'ledger-%'",
                     reader => (Tag: reader.GetString(0), Case: reader.GetGuid(1), Version: reader.GetInt64(2))))
        {
            if (!landed.TryGetValue(row.Tag, out var places)) landed[row.Tag] = places = [];
            places.Add((row.Case, row.Version));
        }

        var lost = ledger.Acknowledged.Keys.Count(tag => !landed.ContainsKey(tag));
        var misplaced = ledger.Acknowledged.Count(a => landed.TryGetValue(a.Key, out var p) && p.Count == 1 && p[0] != a.Value);
        var twice = landed.Count(l => l.Value.Count > 1);
        var uncertainLanded = ledger.Uncertain.Keys.Count(landed.ContainsKey);
        var unknown = landed.Keys.Count(tag => !ledger.Acknowledged.ContainsKey(tag) && !ledger.Uncertain.ContainsKey(tag));
        var failures = new List<string>();
        if (lost > 0) failures.Add($"{lost} acknowledged commands are not in the store");
        if (misplaced > 0) failures.Add($"{misplaced} acknowledged commands landed at another place than acknowledged");
        if (twice > 0) failures.Add($"{twice} commands landed more than once");
        if (unknown > 0) failures.Add($"{unknown} commands in the store were never sent");
        return ("ledger", new JsonObject
        {
            ["acknowledged"] = ledger.Acknowledged.Count, ["lost"] = lost, ["misplaced"] = misplaced, ["landedTwice"] = twice,
            ["uncertain"] = ledger.Uncertain.Count, ["uncertainThatLanded"] = uncertainLanded,
        }, failures);
    }

    /// <summary>Each scheduled follow-up was recorded, once (on whichever database its case is).</summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> FollowUpsAsync(FollowUps followUps)
    {
        var recorded = (await RowsAsync(
                "select stream_id from progression.mt_events where type = 'follow_up_due' and stream_id = any($1)",
                reader => reader.GetGuid(0), followUps.Cases.ToArray()))
            .CountBy(c => c).ToDictionary();

        var missing = followUps.Cases.Count(c => !recorded.ContainsKey(c));
        var twice = recorded.Count(r => r.Value > 1);
        var failures = new List<string>();
        if (missing > 0) failures.Add($"{missing} follow-ups that fell due were never recorded");
        if (twice > 0) failures.Add($"{twice} follow-ups were recorded more than once");
        return ("followUps", new JsonObject
        {
            ["due"] = followUps.Cases.Count, ["recorded"] = recorded.Count, ["missing"] = missing, ["recordedTwice"] = twice,
        }, failures);
    }

    /// <summary>Each database's evaluation projection has every event of it and a document for every case on it.</summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> ProjectionAsync()
    {
        var figures = new JsonObject();
        var failures = new List<string>();
        foreach (var (id, database) in pool)
        {
            var behind = await BehindAsync(database);
            var cases = await ScalarAsync(database, "select count(*) from progression.mt_events where type = 'case_opened'");
            var facts = await ScalarAsync(database, "select count(*) from progression.mt_doc_casefacts");
            if (behind != 0) failures.Add($"{id}: the evaluation projection is {behind} events behind two minutes after the load");
            if (facts != cases) failures.Add($"{id}: {cases} cases but {facts} evaluation documents");
            figures[id] = new JsonObject { ["behind"] = behind, ["cases"] = cases, ["evaluationDocuments"] = facts };
        }
        return ("projection", figures, failures);
    }

    /// <summary>
    /// The read models as the nodes left them equal those rebuilt from the events (<c>read-models rebuild</c>, with
    /// every node stopped), on each database: nothing was projected twice, skipped or left half-done by the faults.
    /// </summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> RebuildAsync(Dictionary<string, string> settings)
    {
        var kept = await ReadModelsAsync();
        var clock = Stopwatch.StartNew();
        var (exit, output) = await ServiceProcess.RunAsync(["read-models", "rebuild"], settings, "Production", TimeSpan.FromMinutes(10));
        var seconds = clock.Elapsed.TotalSeconds;
        if (exit != 0) return ("rebuild", new JsonObject { ["exitCode"] = exit }, [$"read-models rebuild exited with {exit}: {output}"]);
        var rebuilt = await ReadModelsAsync();
        var differing = kept.Where(k => !k.Value.SequenceEqual(rebuilt[k.Key])).Select(k => k.Key).ToList();
        return ("rebuild", new JsonObject
        {
            ["readModels"] = kept.Count, ["rows"] = kept.Sum(k => k.Value.Count), ["seconds"] = Math.Round(seconds, 1),
            ["differing"] = new JsonArray([.. differing.Select(d => (JsonNode)d)]),
        }, differing.Select(d => $"{d} differ from a rebuild from the events"));
    }

    /// <summary>Every read model of every database, named "database: read model".</summary>
    private async Task<Dictionary<string, List<string>>> ReadModelsAsync()
    {
        var rows = new Dictionary<string, List<string>>();
        foreach (var (id, database) in pool)
            foreach (var (model, modelRows) in await DatabaseRows.ReadModelsAsync(database))
                rows[$"{id}: {model}"] = modelRows;
        return rows;
    }

    /// <summary>The rows a query answers on every database, one after the other.</summary>
    private async Task<List<T>> RowsAsync<T>(string sql, Func<NpgsqlDataReader, T> row, params object[] parameters)
    {
        var rows = new List<T>();
        foreach (var database in pool.Values)
        {
            await using var connection = await OpenAsync(database);
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(row(reader));
        }
        return rows;
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return connection;
    }
}
