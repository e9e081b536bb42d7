using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Harness;

namespace Progression.Bench;

/// <summary>
/// Commands over loopback HTTP with real tokens, against a baseline in the same run on the same PostgreSQL (normal
/// durability): a bare ASP.NET endpoint that reads the same body and does one Npgsql INSERT per request. Each client
/// works its own case (register, then clear, a risk factor, at the version the last answer gave), so no request is
/// refused for a conflict. Usage: <c>--mode writes [--clients 1,8,32] [--seconds 15] [--out bench/results/write.json]</c>.
/// </summary>
public static class WriteBenchmark
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        string Flag(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var clients = Flag("--clients", "1,8,32").Split(',').Select(int.Parse).ToArray();
        var duration = TimeSpan.FromSeconds(double.Parse(Flag("--seconds", "15")));
        var output = Flag("--out", Path.Combine(ServiceProcess.RepositoryRoot, "bench", "results", "write.json"));

        var folder = Path.Combine(Path.GetTempPath(), $"progression-bench-{Guid.NewGuid():N}");
        var cluster = await LocalPostgres.StartAsync(folder, "progression", throwaway: false);
        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            var connectionString = cluster.ConnectionString("progression");
            var settings = BenchService.Settings(cluster, "progression", key);
            await BenchService.RunAsync(["db-apply"], settings);
            await using var service = await ServiceProcess.StartAsync(settings, "Production");
            await using var bare = await BareEndpoint.StartAsync(connectionString);
            var token = DevTokens.Mint(new SymmetricSecurityKey(key), "coordinator-bench", Roles.Coordinator, ["0101"], TimeSpan.FromHours(2));
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);

            var runs = new JsonArray();
            foreach (var count in clients)
            {
                Console.WriteLine($"== {count} client(s), {duration.TotalSeconds:0} s each");
                var baseline = await LoadAsync(count, duration, _ => new BareClient(http, bare.Url));
                Console.WriteLine($"   bare endpoint   {Describe(baseline)}");
                var commands = await LoadAsync(count, duration, _ => new CaseClient(http, service.Url));
                Console.WriteLine($"   command API     {Describe(commands)}");
                var share = commands["perSecond"]!.GetValue<double>() / baseline["perSecond"]!.GetValue<double>();
                var p99 = commands["p99"]!.GetValue<double>() / baseline["p99"]!.GetValue<double>();
                Console.WriteLine($"   throughput {share:P0} of the bare endpoint's; p99 {p99:0.0}x its p99");
                runs.Add(new JsonObject
                {
                    ["clients"] = count, ["bare"] = baseline, ["commands"] = commands,
                    ["throughputShare"] = Math.Round(share, 3), ["p99Ratio"] = Math.Round(p99, 2),
                });
            }
            var rss = Math.Round(service.PeakResidentBytes / 1024.0 / 1024.0);
            Console.WriteLine($"service peak RSS {rss} MB");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, new JsonObject
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", ["at"] = DateTimeOffset.UtcNow,
                ["seconds"] = duration.TotalSeconds, ["runs"] = runs, ["servicePeakRssMb"] = rss,
            }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"written to {output}");
            return 0;
        }
        finally
        {
            await cluster.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One client's loop: each request waits for the answer to the one before (closed loop).</summary>
    private interface ILoadClient
    {
        Task PrepareAsync();
        Task SendAsync();
    }

    private static async Task<JsonObject> LoadAsync(int clients, TimeSpan duration, Func<int, ILoadClient> create)
    {
        var workers = Enumerable.Range(0, clients).Select(create).ToArray();
        foreach (var worker in workers) await worker.PrepareAsync();
        var clock = Stopwatch.StartNew();
        var measuredFrom = WarmUp;
        var until = WarmUp + duration;
        var latencies = await Task.WhenAll(workers.Select(async worker =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < until)
            {
                var started = clock.Elapsed;
                await worker.SendAsync();
                if (started >= measuredFrom) mine.Add((clock.Elapsed - started).TotalMilliseconds);
            }
            return mine;
        }));
        var all = latencies.SelectMany(l => l).ToList();
        var summary = BenchService.Percentiles(all);
        summary["requests"] = all.Count;
        summary["perSecond"] = Math.Round(all.Count / duration.TotalSeconds);
        return summary;
    }

    private static string Describe(JsonObject r) =>
        $"{r["perSecond"],6}/s  p50 {r["p50"],6} ms  p95 {r["p95"],6} ms  p99 {r["p99"],6} ms";

    /// <summary>A coordinator working one case of their own: risk factor registered, cleared, registered, …</summary>
    private sealed class CaseClient(HttpClient http, Uri service) : ILoadClient
    {
        private Guid _case;
        private long _version;
        private bool _registered;

        public async Task PrepareAsync()
        {
            var opened = await Accepted(await http.PostAsJsonAsync(new Uri(service, "/api/cases"),
                new { citizenReference = CitizenReferences.New(), targetGroup = "adult" }));
            (_case, _version) = (opened.GetProperty("caseId").GetGuid(), opened.GetProperty("version").GetInt64());
        }

        public async Task SendAsync()
        {
            var path = _registered ? "risk-factors/clear" : "risk-factors";
            var answer = await Accepted(await http.PostAsJsonAsync(new Uri(service, $"/api/cases/{_case}/{path}"),
                new { factor = "adult.crime", note = "benchmark", expectedVersion = _version }));
            (_version, _registered) = (answer.GetProperty("version").GetInt64(), !_registered);
        }
    }

    /// <summary>The same kind of body to the bare endpoint.</summary>
    private sealed class BareClient(HttpClient http, Uri bare) : ILoadClient
    {
        private long _version;

        public Task PrepareAsync() => Task.CompletedTask;

        public async Task SendAsync() =>
            await Accepted(await http.PostAsJsonAsync(new Uri(bare, "/bare"),
                new { factor = "adult.crime", note = "benchmark", expectedVersion = ++_version }));
    }

    private static async Task<JsonElement> Accepted(HttpResponseMessage answer)
    {
        using (answer)
        {
            var body = await answer.Content.ReadAsStringAsync();
            if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)answer.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>The baseline: Kestrel, one route, the body read and stored with one INSERT; no framework above that.</summary>
    private sealed class BareEndpoint(WebApplication app, NpgsqlDataSource database, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        public static async Task<BareEndpoint> StartAsync(string connectionString)
        {
            var database = NpgsqlDataSource.Create(connectionString);
            await using (var create = database.CreateCommand("create table if not exists bench_bare (id uuid primary key, body jsonb not null)"))
                await create.ExecuteNonQueryAsync();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var url = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
            builder.WebHost.UseUrls(url.ToString());
            var app = builder.Build();
            app.MapPost("/bare", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                var body = await reader.ReadToEndAsync();
                var id = Guid.CreateVersion7();
                await using var insert = database.CreateCommand("insert into bench_bare (id, body) values ($1, $2::jsonb)");
                insert.Parameters.Add(new() { Value = id });
                insert.Parameters.Add(new() { Value = body });
                await insert.ExecuteNonQueryAsync();
                return Results.Ok(new { id });
            });
            await app.StartAsync();
            return new BareEndpoint(app, database, url);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
