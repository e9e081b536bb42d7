using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>The ledger held against what the store holds after the run.</summary>
public sealed class StoreChecks(string connectionString)
{
    /// <summary>Waits until the last follow-up fell due (and a sweep passed) and the evaluation projection has every event.</summary>
    public async Task WaitCaughtUpAsync(DateTimeOffset lastDue)
    {
        var wait = lastDue.AddSeconds(5) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        for (var deadline = DateTimeOffset.UtcNow.AddMinutes(2); DateTimeOffset.UtcNow < deadline; await Task.Delay(500))
            if (await BehindAsync() == 0) return;
    }

    private Task<long> BehindAsync() => ScalarAsync(
        "select coalesce((select max(seq_id) from progression.mt_events), 0) "
        + "- coalesce((select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All'), 0)");

    /// <summary>Every acknowledged command landed once, at the version it was acknowledged with; none landed twice.</summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> LedgerAsync(Ledger ledger)
    {
        var landed = new Dictionary<string, List<(Guid Case, long Version)>>();
        await using (var connection = await OpenAsync())
        await using (var command = new NpgsqlCommand(
            "select data->>'measuredBy', stream_id, version from progression.mt_events "
            + "where type = 'progression_measured' and data->>'measuredBy' like 'ledger-%'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var tag = reader.GetString(0);
                if (!landed.TryGetValue(tag, out var places)) landed[tag] = places = [];
                places.Add((reader.GetGuid(1), reader.GetInt64(2)));
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

    /// <summary>Each scheduled follow-up was recorded, once.</summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> FollowUpsAsync(FollowUps followUps)
    {
        var recorded = new Dictionary<Guid, long>();
        await using (var connection = await OpenAsync())
        await using (var command = new NpgsqlCommand(
            "select stream_id, count(*) from progression.mt_events where type = 'follow_up_due' and stream_id = any($1) group by 1", connection)
        {
            Parameters = { new() { Value = followUps.Cases.ToArray() } },
        })
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) recorded[reader.GetGuid(0)] = reader.GetInt64(1);

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

    /// <summary>The evaluation projection has every event and a document for every case.</summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> ProjectionAsync()
    {
        var behind = await BehindAsync();
        var cases = await ScalarAsync("select count(*) from progression.mt_events where type = 'case_opened'");
        var facts = await ScalarAsync("select count(*) from progression.mt_doc_casefacts");
        var failures = new List<string>();
        if (behind != 0) failures.Add($"the evaluation projection is {behind} events behind two minutes after the load");
        if (facts != cases) failures.Add($"{cases} cases but {facts} evaluation documents");
        return ("projection", new JsonObject { ["behind"] = behind, ["cases"] = cases, ["evaluationDocuments"] = facts }, failures);
    }

    /// <summary>
    /// The read models as the nodes left them equal those rebuilt from the events (<c>read-models rebuild</c>, with
    /// every node stopped): nothing was projected twice, skipped or left half-done by the faults.
    /// </summary>
    public async Task<(string, JsonObject, IEnumerable<string>)> RebuildAsync(Dictionary<string, string> settings)
    {
        var kept = await DatabaseRows.ReadModelsAsync(connectionString);
        var clock = Stopwatch.StartNew();
        var (exit, output) = await ServiceProcess.RunAsync(["read-models", "rebuild"], settings, "Production", TimeSpan.FromMinutes(10));
        var seconds = clock.Elapsed.TotalSeconds;
        if (exit != 0) return ("rebuild", new JsonObject { ["exitCode"] = exit }, [$"read-models rebuild exited with {exit}: {output}"]);
        var rebuilt = await DatabaseRows.ReadModelsAsync(connectionString);
        var differing = kept.Where(k => !k.Value.SequenceEqual(rebuilt[k.Key])).Select(k => k.Key).ToList();
        return ("rebuild", new JsonObject
        {
            ["readModels"] = kept.Count, ["rows"] = kept.Sum(k => k.Value.Count), ["seconds"] = Math.Round(seconds, 1),
            ["differing"] = new JsonArray([.. differing.Select(d => (JsonNode)d)]),
        }, differing.Select(d => $"{d} differ from a rebuild from the events"));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
