using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Bench;
using Progression.Harness;

// Read benchmarks: for each size, a fresh PostgreSQL cluster with normal durability, the seed command, the service
// in Production (Release) as its own process, then each query timed one after another from one client. Prints a table
// and writes JSON. Usage: dotnet run -c Release --project bench/Progression.Bench -- [--sizes 10000,100000]
// [--iterations 200] [--municipalities 4] [--out bench/results/read.json]
// With --mode import: for each size, the import command against raw binary COPY of the same events
// (Progression.Bench.ImportBenchmark); JSON to bench/results/import.json unless --out says otherwise.
// With --mode rebuild: for each size, the read-models rebuild command against reading the same events raw
// (Progression.Bench.RebuildBenchmark); JSON to bench/results/rebuild.json unless --out says otherwise.
// With --mode writes: commands against a bare endpoint at several client counts (WriteBenchmark.cs).
// With --mode pool: the read benchmark on one database, then on a pool of two (the same seed), p95 ratios two/one.
string Flag(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var mode = Flag("--mode", "read");
if (mode == "writes") return await WriteBenchmark.RunAsync(args);
if (mode is not ("read" or "pool" or "import" or "rebuild"))
    throw new ArgumentException($"--mode is read, pool, import, rebuild or writes, not {mode}");
var sizes = Flag("--sizes", "10000,100000").Split(',').Select(int.Parse).ToArray();
var iterations = int.Parse(Flag("--iterations", "200"));
var municipalities = Flag("--municipalities", "4");
var output = Flag("--out", Path.Combine(ServiceProcess.RepositoryRoot, "bench", "results", $"{mode}.json"));

var runs = new List<JsonObject>();
foreach (var size in sizes)
{
    Console.WriteLine($"== {size:N0} cases");
    runs.Add(mode switch
    {
        "import" => await ImportBenchmark.RunAsync(size, municipalities),
        "rebuild" => await RebuildBenchmark.RunAsync(size, municipalities),
        "pool" => await ComparePool(size),
        _ => await Run(size, pooled: false),
    });
}
if (mode == "read") Report(runs);
if (mode == "pool") ReportPool(runs);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, new JsonObject
{
    ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", ["at"] = DateTimeOffset.UtcNow,
    ["mode"] = mode, ["iterations"] = mode is "read" or "pool" ? iterations : null, ["runs"] = new JsonArray([.. runs]),
}.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"written to {output}");
return 0;

// The same seed and queries on one database, then on a pool of two (municipalities placed on the smaller as they come):
// what reading over several databases costs against one, in the same run on the same cluster.
async Task<JsonObject> ComparePool(int size)
{
    Console.WriteLine("   one database");
    var one = await Run(size, pooled: false);
    Console.WriteLine("   a pool of two databases");
    var two = await Run(size, pooled: true);
    var ratios = new JsonObject();
    foreach (var (name, figures) in two["queries"]!.AsObject())
        ratios[name] = Math.Round(figures!["p95"]!.GetValue<double>() / one["queries"]![name]!["p95"]!.GetValue<double>(), 2);
    return new JsonObject { ["cases"] = size, ["oneDatabase"] = one, ["twoDatabases"] = two, ["p95TwoOverOne"] = ratios };
}

async Task<JsonObject> Run(int size, bool pooled)
{
    var folder = Path.Combine(Path.GetTempPath(), $"progression-bench-{Guid.NewGuid():N}");
    var cluster = await LocalPostgres.StartAsync(folder, "progression", throwaway: false);
    try
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var settings = BenchService.Settings(cluster, "progression", key);
        string[] data = [cluster.ConnectionString("progression")];
        if (pooled)
        {
            foreach (var database in new[] { "pool_a", "pool_b" }) await cluster.EnsureDatabaseAsync(database);
            data = [cluster.ConnectionString("pool_a"), cluster.ConnectionString("pool_b")];
            settings.Remove("ConnectionStrings:Progression");
            var pool = new DatabasePool(cluster.ConnectionString("progression"),
                new Dictionary<string, string> { ["a"] = data[0], ["b"] = data[1] }, "smallest");
            foreach (var (name, value) in pool.Settings) settings[name] = value;
        }
        // As a deployment does: the schema (Marten's and Wolverine's) applied by db-apply, then the data, then the service.
        await BenchService.RunAsync(["db-apply"], settings);
        var seeding = Stopwatch.StartNew();
        await BenchService.RunAsync(["seed", "--cases", $"{size}", "--municipalities", municipalities, "--seed", "1"], settings);
        var seedSeconds = seeding.Elapsed.TotalSeconds;
        var events = 0L;
        foreach (var database in data) events += await Sql.ScalarAsync(database, "select count(*) from progression.mt_events");
        Console.WriteLine($"   seeded in {seedSeconds:0.0} s ({size / seedSeconds:N0} cases/s, {events / seedSeconds:N0} events/s)");

        await using var service = await ServiceProcess.StartAsync(settings, "Production");
        var signingKey = new SymmetricSecurityKey(key);
        var granted = (await Task.WhenAll(data.Select(d => Strings(d, "select distinct tenant_id from progression.case_list"))))
            .SelectMany(m => m).Order().ToArray();
        string Token(string role, params string[] grants) => DevTokens.Mint(signingKey, $"{role}-bench", role, grants, TimeSpan.FromHours(2));
        var evaluator = Token(Roles.Evaluator, [.. granted]);
        var coordinator = Token(Roles.Coordinator, granted[0]);
        using var http = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromMinutes(2) };
        var (home, caseId) = (await Task.WhenAll(data.Select(async d => (Database: d, Ids: await Strings(d,
            $"select id::text from progression.case_list where tenant_id = '{granted[0]}' order by opened_at desc limit 1")))))
            .Where(d => d.Ids.Length > 0).Select(d => (d.Database, d.Ids[0])).First();

        var queries = new (string Name, string Token, Func<HttpRequestMessage> Request)[]
        {
            ("evaluator matrix", evaluator, () => Graph("{ matrix(group: \"adult\") { factor level open blindSpots interventions { name cases } } }")),
            ("evaluator progression", evaluator, () => Graph("{ progression(instrument: \"boligsocial-progression-goals\", group: \"adult\") { periods { period dimension count median lowerQuartile upperQuartile } changes { dimension meanChange } } }")),
            ("evaluator interventionOutcomes", evaluator, () => Graph("{ interventionOutcomes(group: \"adult\") { intervention participants completed outcomeWithin12Months meanProgressionChange } }")),
            ("evaluator cases(first: 20)", evaluator, () => Graph("{ cases(first: 20, where: { status: \"open\" }) { totalCount nodes { id targetGroup blindSpots } pageInfo { endCursor } } }")),
            ("coordinator matrix", coordinator, () => Graph("{ matrix(group: \"youth\") { factor level open blindSpots } }")),
            ("coordinator cases(first: 20)", coordinator, () => Graph("{ cases(first: 20, order: [{ openedAt: DESC }]) { totalCount nodes { id status dueFollowUps blindSpots } } }")),
            ("coordinator caseload", coordinator, () => Graph("{ caseload(first: 20) { caseId dueFollowUps { kind dueAt } blindSpots } }")),
            ("coordinator REST case view", coordinator, () => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}")),
        };
        var timings = new JsonObject();
        foreach (var (name, token, request) in queries)
        {
            var latencies = new List<double>();
            for (var i = -10; i < iterations; i++)
            {
                using var message = request();
                message.Headers.Authorization = new("Bearer", token);
                var watch = Stopwatch.StartNew();
                using var answer = await http.SendAsync(message);
                var body = await answer.Content.ReadAsStringAsync();
                watch.Stop();
                if (!answer.IsSuccessStatusCode || body.Contains("\"errors\"")) throw new InvalidOperationException($"{name}: {(int)answer.StatusCode} {body}");
                if (i >= 0) latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
            timings[name] = BenchService.Percentiles(latencies);
            Console.WriteLine($"   {name,-34} p50 {timings[name]!["p50"],7} ms  p95 {timings[name]!["p95"],7} ms");
        }
        var sweep = await TimeSql(home,
            "select tenant_id, id from progression.case_list where next_follow_up_at <= now() order by next_follow_up_at limit 500");
        var scheduled = await TimeSql(home,
            "select id from wolverine.wolverine_incoming_envelopes where status = 'Scheduled' and execution_time <= now() limit 100");
        Console.WriteLine($"   follow-up sweep poll p95 {sweep["p95"]} ms; Wolverine scheduled poll p95 {scheduled["p95"]} ms");
        var rss = service.PeakResidentBytes / 1024.0 / 1024.0;
        Console.WriteLine($"   service peak RSS {rss:0} MB");
        return new JsonObject
        {
            ["cases"] = size, ["events"] = events, ["seedSeconds"] = Math.Round(seedSeconds, 1),
            ["seedCasesPerSecond"] = Math.Round(size / seedSeconds), ["seedEventsPerSecond"] = Math.Round(events / seedSeconds),
            ["queries"] = timings, ["followUpSweepPoll"] = sweep, ["wolverineScheduledPoll"] = scheduled,
            ["peakRssMb"] = Math.Round(rss),
        };
    }
    finally
    {
        await cluster.StopAsync();
        Directory.Delete(folder, recursive: true);
    }
}

HttpRequestMessage Graph(string query) =>
    new(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };

async Task<JsonObject> TimeSql(string database, string sql)
{
    await using var connection = new NpgsqlConnection(database);
    await connection.OpenAsync();
    var latencies = new List<double>();
    for (var i = -5; i < iterations; i++)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var watch = Stopwatch.StartNew();
        await using (var reader = await command.ExecuteReaderAsync()) while (await reader.ReadAsync()) { }
        if (i >= 0) latencies.Add(watch.Elapsed.TotalMilliseconds);
    }
    return BenchService.Percentiles(latencies);
}

async Task<string[]> Strings(string database, string sql)
{
    await using var connection = new NpgsqlConnection(database);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    var values = new List<string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) values.Add(reader.GetString(0));
    return [.. values];
}

void Report(List<JsonObject> results)
{
    Console.WriteLine();
    Console.WriteLine("| query | " + string.Join(" | ", results.Select(r => $"{r["cases"]:N0} cases p50 / p95 (ms)")) + " | p95 ratio last/first |");
    Console.WriteLine("| --- |" + string.Concat(results.Select(_ => " --- |")) + " --- |");
    foreach (var name in results[0]["queries"]!.AsObject().Select(q => q.Key))
    {
        var p95 = results.Select(r => r["queries"]![name]!["p95"]!.GetValue<double>()).ToArray();
        Console.WriteLine($"| {name} | " + string.Join(" | ", results.Select(r => $"{r["queries"]![name]!["p50"]} / {r["queries"]![name]!["p95"]}"))
                          + $" | {p95[^1] / p95[0]:0.00} |");
    }
    Console.WriteLine("| follow-up sweep poll | " + string.Join(" | ", results.Select(r => $"{r["followUpSweepPoll"]!["p50"]} / {r["followUpSweepPoll"]!["p95"]}")) + " | |");
    Console.WriteLine("| service peak RSS (MB) | " + string.Join(" | ", results.Select(r => $"{r["peakRssMb"]}")) + " | |");
    Console.WriteLine("| seeding (cases/s, events/s) | " + string.Join(" | ", results.Select(r => $"{r["seedCasesPerSecond"]}, {r["seedEventsPerSecond"]}")) + " | |");
}

void ReportPool(List<JsonObject> results)
{
    Console.WriteLine();
    Console.WriteLine("| query | " + string.Join(" | ", results.Select(r => $"{r["cases"]:N0} cases p95 one / two databases (ms), ratio")) + " |");
    Console.WriteLine("| --- |" + string.Concat(results.Select(_ => " --- |")));
    foreach (var name in results[0]["p95TwoOverOne"]!.AsObject().Select(q => q.Key))
        Console.WriteLine($"| {name} | " + string.Join(" | ", results.Select(r =>
            $"{r["oneDatabase"]!["queries"]![name]!["p95"]} / {r["twoDatabases"]!["queries"]![name]!["p95"]}, {r["p95TwoOverOne"]![name]}")) + " |");
}
