using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>
/// One run: a fresh PostgreSQL, two service nodes behind a round robin, coordinators writing and readers reading for
/// the whole run, and the faults on a timeline (database stopped and started, the projection's node killed, cross-node
/// races, a node stopped with requests in flight). Then the ledger against the store. Each fault's figures and each
/// check's verdict go into the report.
/// </summary>
public sealed class Suite(TimeSpan duration, int writers, int readers)
{
    private static readonly string[] Municipalities = ["0101", "0751"];

    /// <summary>
    /// How soon a dead node's projection must run elsewhere: the cluster's defaults (Cluster:*) drop a node silent for
    /// 20 s and check assignments every 10 s; the rest is room for a busy machine.
    /// </summary>
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(60);

    private readonly Ledger _ledger = new();
    private readonly JsonObject _report = new();
    private readonly List<string> _failures = [];
    private readonly Stopwatch _clock = new();

    public async Task<(JsonObject Report, IReadOnlyList<string> Failures)> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"progression-reliability-{Guid.NewGuid():N}");
        var cluster = await LocalPostgres.StartAsync(folder, "progression", throwaway: false);
        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            var connection = cluster.ConnectionString("progression");
            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings:Progression"] = connection,
                ["Auth:SigningKey"] = Convert.ToBase64String(key), ["Privacy:PseudonymKey"] = Convert.ToBase64String(key),
                ["FollowUps:SweepSeconds"] = "1",
            };
            var (exit, output) = await ServiceProcess.RunAsync(["db-apply"], settings, "Production");
            if (exit != 0) throw new InvalidOperationException($"db-apply exited with {exit}:\n{output}");

            await using var nodes = new Nodes(settings, connection);
            await nodes.StartAsync();
            await nodes.StartAsync();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
            var load = new Load(nodes, _ledger, http);
            var signing = new SymmetricSecurityKey(key);
            var coordinators = Municipalities
                .Select(m => DevTokens.Mint(signing, $"coordinator-{m}", Roles.Coordinator, [m], TimeSpan.FromHours(4))).ToArray();
            var evaluator = DevTokens.Mint(signing, "evaluator", Roles.Evaluator, Municipalities, TimeSpan.FromHours(4));

            var followUps = await FollowUps.ScheduleAsync(load, coordinators[0], duration);
            _clock.Start();
            using var stop = new CancellationTokenSource();
            var owners = SampleOwnersAsync(nodes, stop.Token);
            var clients = Enumerable.Range(0, writers).Select(i => load.WriteAsync(coordinators[i % 2], stop.Token))
                .Concat(Enumerable.Range(0, readers)
                    .Select(i => load.ReadAsync(coordinators[0], evaluator, followUps.Cases[i % followUps.Cases.Count], stop.Token)))
                .ToList();

            await At(0.15);
            await DatabaseOutageAsync(cluster, load, coordinators[0]);
            await At(0.35);
            await KillProjectionNodeAsync(nodes);
            await At(0.55);
            await CrossNodeRacesAsync(nodes, load, coordinators[1]);
            await At(0.75);
            await StopWithRequestsInFlightAsync(nodes, load, evaluator);
            await At(1.0);
            await stop.CancelAsync();
            await Task.WhenAll(clients.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
            // A client that stopped early (an answer it did not expect) would thin the load without a word.
            var crashed = clients.Where(c => c.Exception?.InnerException is { } e && e is not OperationCanceledException)
                .Select(c => c.Exception!.InnerException!.Message).ToList();
            Record(("clients", new JsonObject { ["clients"] = clients.Count, ["stoppedEarly"] = crashed.Count }, crashed));
            var transitions = await owners;
            _report["loadSeconds"] = Math.Round(_clock.Elapsed.TotalSeconds, 1);

            var store = new StoreChecks(connection);
            await store.WaitCaughtUpAsync(followUps.LastDue);
            Record(await store.LedgerAsync(_ledger));
            Record(await store.FollowUpsAsync(followUps));
            Record(Answers());
            Record(Projection(transitions, nodes));
            Record(await store.ProjectionAsync());
            await nodes.StopAllAsync();
            Record(await store.RebuildAsync(settings));
            return (_report, _failures);
        }
        finally
        {
            await cluster.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task At(double share) =>
        Task.Delay(TimeSpan.FromTicks(Math.Max(0, (long)(duration.Ticks * share) - _clock.Elapsed.Ticks)));

    private void Record((string Name, JsonObject Figures, IEnumerable<string> Failures) check)
    {
        _report[check.Name] = check.Figures;
        foreach (var failure in check.Failures) _failures.Add($"{check.Name}: {failure}");
        Console.WriteLine($"   {check.Name}: {check.Figures.ToJsonString()}");
    }

    /// <summary>PostgreSQL stopped for a while mid-load, then started: 503s while it is down, no restart needed after.</summary>
    private async Task DatabaseOutageAsync(LocalPostgres cluster, Load load, string token)
    {
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} stopping PostgreSQL");
        var down = DateTimeOffset.UtcNow;
        await cluster.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await cluster.StartServerAsync();
        var up = DateTimeOffset.UtcNow;
        // Recovery: how long after the server is back until a command is acknowledged again.
        var recovery = Stopwatch.StartNew();
        await load.OpenAsync(token, new { citizenReference = CitizenReferences.New(), targetGroup = "adult" }, CancellationToken.None);
        var during = _ledger.Unavailable.Where(u => u.At >= down && u.At <= up.AddSeconds(2)).Select(u => u.Milliseconds).Order().ToList();
        _outage = (down, up.AddSeconds(recovery.Elapsed.TotalSeconds + 5));
        var failures = new List<string>();
        if (during.Count == 0) failures.Add("no request was answered 503 while the database was down");
        var p95 = during.Count == 0 ? 0 : during[(int)Math.Ceiling(0.95 * during.Count) - 1];
        if (p95 > 6000) failures.Add($"503s took {p95:0} ms (p95) to come: not fast");
        Record(("databaseOutage", new JsonObject
        {
            ["downSeconds"] = Math.Round((up - down).TotalSeconds, 1), ["answered503"] = during.Count,
            ["p95MillisecondsTo503"] = Math.Round(p95, 1), ["secondsToFirstAcknowledgedCommandAfter"] = Math.Round(recovery.Elapsed.TotalSeconds, 2),
        }, failures));
    }

    private (DateTimeOffset From, DateTimeOffset To) _outage;

    /// <summary>SIGKILL of the node running the evaluation projection: another node takes it over; the node restarts.</summary>
    private async Task KillProjectionNodeAsync(Nodes nodes)
    {
        var owner = await nodes.ProjectionOwnerAsync();
        var victim = nodes.Live.FirstOrDefault(n => n.Number == owner);
        if (victim is null)
        {
            Record(("nodeKilled", new JsonObject { ["owner"] = owner }, ["no live node runs the evaluation projection"]));
            return;
        }
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} killing node {victim.Number} (runs the projection)");
        nodes.TakeOut(victim);
        await victim.Process.KillAsync();
        var takeover = Stopwatch.StartNew();
        int? next = null;
        while (takeover.Elapsed < TimeSpan.FromMinutes(3) && (next is null || next == victim.Number))
        {
            await Task.Delay(250);
            next = await nodes.ProjectionOwnerAsync();
        }
        var seconds = takeover.Elapsed.TotalSeconds;
        var restarted = await nodes.StartAsync();
        Record(("nodeKilled", new JsonObject
        {
            ["killedNode"] = victim.Number, ["takenOverBy"] = next, ["takeoverSeconds"] = Math.Round(seconds, 1),
            ["restartedAs"] = restarted.Number,
        }, next is null || next == victim.Number ? ["the projection did not move within 3 minutes"]
            : seconds > TakeoverLimit.TotalSeconds
                ? [$"the projection moved after {seconds:0} s, over the {TakeoverLimit.TotalSeconds:0} s stated"] : []));
    }

    /// <summary>Two writers on two nodes with the same expected version of one case: one 200 and one 409, every time.</summary>
    private async Task CrossNodeRacesAsync(Nodes nodes, Load load, string token)
    {
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} cross-node races");
        var outcomes = new List<string>();
        for (var race = 0; race < 10; race++)
        {
            var (caseId, version) = await load.OpenAsync(token, new { citizenReference = CitizenReferences.New(), targetGroup = "adult" },
                CancellationToken.None);
            var pair = nodes.Live.Take(2).ToList();
            var answers = await Task.WhenAll(pair.Select((node, i) => load.SendAsync(node, HttpMethod.Post, $"/api/cases/{caseId}/measurements", token,
                new { instrument = Load.Instrument, scores = Load.Scores(i), measuredBy = $"race-{race}-{i}", expectedVersion = version },
                CancellationToken.None)));
            outcomes.Add(string.Join("/", answers.Select(a => a is null ? "none" : ((int)a.StatusCode).ToString()).Order()));
            foreach (var answer in answers) answer?.Dispose();
        }
        var wrong = outcomes.Where(o => o != "200/409").ToList();
        Record(("crossNodeRaces", new JsonObject
        {
            ["races"] = outcomes.Count, ["oneWonOneConflicted"] = outcomes.Count - wrong.Count,
            ["other"] = new JsonArray([.. wrong.Select(w => (JsonNode)w)]),
        }, wrong.Count == 0 ? [] : [$"{wrong.Count} races did not end 200/409: {string.Join(", ", wrong)}"]));
    }

    /// <summary>SIGTERM to a node with requests in flight: they are answered, the node leaves the cluster and exits 0.</summary>
    private async Task StopWithRequestsInFlightAsync(Nodes nodes, Load load, string evaluator)
    {
        var node = nodes.Live[0];
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} stopping node {node.Number} with requests in flight");
        nodes.TakeOut(node);
        var logged = node.Process.Output.Split('\n').Length;
        var inFlight = Enumerable.Range(0, 24).Select(_ => load.SendAsync(node, HttpMethod.Post, "/graphql", evaluator,
            new
            {
                query = "{ matrix(group: \"adult\") { factor level open blindSpots } "
                        + "progression(instrument: \"boligsocial-progression-goals\", group: \"adult\") { periods { period count median } } }",
            },
            CancellationToken.None)).ToList();
        await Task.Delay(20);
        var stopping = Stopwatch.StartNew();
        await node.Process.StopAsync();
        var seconds = stopping.Elapsed.TotalSeconds;
        var answers = await Task.WhenAll(inFlight);
        var answered = answers.Count(a => a?.StatusCode == HttpStatusCode.OK);
        foreach (var answer in answers) answer?.Dispose();
        var errors = node.Process.Output.Split('\n').Skip(logged)
            .Count(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        var restarted = await nodes.StartAsync();
        var failures = new List<string>();
        if (node.Process.ExitCode != 0) failures.Add($"the node exited with {node.Process.ExitCode}");
        if (answered != inFlight.Count) failures.Add($"{inFlight.Count - answered} of {inFlight.Count} requests in flight were not answered 200");
        if (errors > 0) failures.Add($"the node logged {errors} errors while stopping");
        Record(("stopWithRequestsInFlight", new JsonObject
        {
            ["node"] = node.Number, ["inFlight"] = inFlight.Count, ["answered200"] = answered, ["exitCode"] = node.Process.ExitCode,
            ["secondsToExit"] = Math.Round(seconds, 2), ["errorsLogged"] = errors, ["restartedAs"] = restarted.Number,
        }, failures));
    }

    /// <summary>Every answer by status: nothing but 503 may be a server error, and only while the database was down.</summary>
    private (string, JsonObject, IEnumerable<string>) Answers()
    {
        var statuses = new JsonObject();
        foreach (var (status, count) in _ledger.Statuses.OrderBy(s => s.Key)) statuses[status == 0 ? "noAnswer" : status.ToString()] = count;
        var stray503 = _ledger.Unavailable.Count(u => u.At < _outage.From || u.At > _outage.To);
        var failures = _ledger.ServerErrors.Select(e => $"{e.What} from {e.Node}").Take(10).ToList();
        if (stray503 > 0) failures.Add($"{stray503} answers were 503 outside the database outage");
        var acknowledged = _ledger.Acknowledged.Count;
        return ("answers", new JsonObject
        {
            ["byStatus"] = statuses, ["commandsAcknowledged"] = acknowledged,
            ["commandsPerSecond"] = Math.Round(acknowledged / duration.TotalSeconds, 1), ["serverErrors"] = _ledger.ServerErrors.Count,
            ["stray503"] = stray503,
        }, failures);
    }

    /// <summary>Who ran the evaluation projection, sampled from Wolverine's assignment table through the run.</summary>
    private static (string, JsonObject, IEnumerable<string>) Projection(IReadOnlyList<(double At, int? Owner)> transitions, Nodes nodes)
    {
        var twoWriters = nodes.Live.SelectMany(n => n.Process.Output.Split('\n'))
            .Count(l => l.Contains("ProgressionProgressOutOfOrder", StringComparison.Ordinal)
                        || l.Contains("pk_mt_event_progression", StringComparison.Ordinal));
        return ("projectionPlacement", new JsonObject
        {
            ["ownerChanges"] = new JsonArray(
                [.. transitions.Select(t => (JsonNode)new JsonObject { ["atSeconds"] = Math.Round(t.At, 1), ["node"] = t.Owner })]),
            ["signsOfTwoWriters"] = twoWriters,
        }, twoWriters == 0 ? [] : [$"{twoWriters} log lines show two nodes writing the projection's progress"]);
    }

    private async Task<IReadOnlyList<(double At, int? Owner)>> SampleOwnersAsync(Nodes nodes, CancellationToken ct)
    {
        var changes = new List<(double, int?)>();
        int? last = -1;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var owner = await nodes.ProjectionOwnerAsync(ct);
                if (owner != last) changes.Add((_clock.Elapsed.TotalSeconds, last = owner));
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException) { } // outage, or the end
            await Task.Delay(250, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return changes;
    }
}
