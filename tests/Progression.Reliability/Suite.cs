using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>
/// One run: a pool of two databases on two fresh PostgreSQL clusters (the first also holds the control database), a
/// municipality placed on each, two service nodes behind a round robin, coordinators writing and readers reading for
/// the whole run, and the faults on a timeline (the first cluster stopped and started, then the second, the node of the
/// first database's projection killed, cross-node races, a node stopped with requests in flight). Then the ledger
/// against both databases. Each fault's figures and each check's verdict go into the report.
/// </summary>
public sealed class Suite(TimeSpan duration, int writers, int readers)
{
    /// <summary>Each municipality and the pool database it is placed on: a on the first cluster, b on the second.</summary>
    private static readonly (string Municipality, string Database)[] Placements = [("0101", "a"), ("0751", "b")];

    private static readonly string[] Municipalities = [.. Placements.Select(p => p.Municipality)];

    /// <summary>
    /// How soon a dead node's projection must run elsewhere: the cluster's defaults (Cluster:*) drop a node silent for
    /// 20 s and check assignments every 10 s; the rest is room for a busy machine.
    /// </summary>
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(60);

    /// <summary>An evaluator's read over both municipalities, asked while database b is down and after it is back.</summary>
    private const string Matrix = "{ matrix(group: \"adult\") { factor level open blindSpots } }";

    private readonly Ledger _ledger = new();
    private readonly JsonObject _report = new();
    private readonly List<string> _failures = [];
    private readonly Stopwatch _clock = new();

    /// <summary>The outages: while each lasted (and a little after), whose requests may be answered 503.</summary>
    private readonly List<(DateTimeOffset From, DateTimeOffset To, Func<string, bool> MayBeUnavailable)> _outages = [];

    public async Task<(JsonObject Report, IReadOnlyList<string> Failures)> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"progression-reliability-{Guid.NewGuid():N}");
        var first = await LocalPostgres.StartAsync(Path.Combine(folder, "1"), "control", throwaway: false);
        var second = await LocalPostgres.StartAsync(Path.Combine(folder, "2"), "pool_b", throwaway: false);
        try
        {
            await first.EnsureDatabaseAsync("pool_a");
            // Database names of their own: Wolverine names a database's projection agent by host and name, not port.
            var pool = new Dictionary<string, string>
            {
                ["a"] = first.ConnectionString("pool_a"), ["b"] = second.ConnectionString("pool_b"),
            };
            var control = first.ConnectionString("control");
            var key = RandomNumberGenerator.GetBytes(32);
            var settings = new DatabasePool(control, pool, "explicit").Settings;
            settings["Auth:SigningKey"] = settings["Privacy:PseudonymKey"] = Convert.ToBase64String(key);
            settings["FollowUps:SweepSeconds"] = "1";
            await CommandAsync(["db-apply"], settings);
            foreach (var (municipality, database) in Placements)
                await CommandAsync(["databases", "place", municipality, database], settings);

            await using var nodes = new Nodes(settings, control, pool);
            await nodes.StartAsync();
            await nodes.StartAsync();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
            var load = new Load(nodes, _ledger, http);
            var signing = new SymmetricSecurityKey(key);
            var coordinators = Municipalities.Select(m =>
                new Caller(m, DevTokens.Mint(signing, $"coordinator-{m}", Roles.Coordinator, [m], TimeSpan.FromHours(4)))).ToArray();
            var evaluator = new Caller("evaluator",
                DevTokens.Mint(signing, "evaluator", Roles.Evaluator, Municipalities, TimeSpan.FromHours(4)));

            var followUps = await FollowUps.ScheduleAsync(load, coordinators[0], duration);
            _clock.Start();
            using var stop = new CancellationTokenSource();
            var owners = SampleOwnersAsync(nodes, stop.Token);
            var clients = Enumerable.Range(0, writers).Select(i => load.WriteAsync(coordinators[i % 2], stop.Token))
                .Concat(Enumerable.Range(0, readers)
                    .Select(i => load.ReadAsync(coordinators[0], evaluator, followUps.Cases[i % followUps.Cases.Count], stop.Token)))
                .ToList();

            await At(0.15);
            await DatabaseOutageAsync(first, load, coordinators[0], evaluator);
            await At(0.25);
            await SecondDatabaseDownAsync(second, load, coordinators, evaluator);
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

            var store = new StoreChecks(pool);
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
            await first.StopAsync();
            await second.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A command of the service's command line, run in Production to its end; the run stops if it fails.</summary>
    private static async Task CommandAsync(string[] arguments, Dictionary<string, string> settings)
    {
        var (exit, output) = await ServiceProcess.RunAsync(arguments, settings, "Production");
        if (exit != 0) throw new InvalidOperationException($"{string.Join(' ', arguments)} exited with {exit}:\n{output}");
    }

    private Task At(double share) =>
        Task.Delay(TimeSpan.FromTicks(Math.Max(0, (long)(duration.Ticks * share) - _clock.Elapsed.Ticks)));

    private void Record((string Name, JsonObject Figures, IEnumerable<string> Failures) check)
    {
        _report[check.Name] = check.Figures;
        foreach (var failure in check.Failures) _failures.Add($"{check.Name}: {failure}");
        Console.WriteLine($"   {check.Name}: {check.Figures.ToJsonString()}");
    }

    /// <summary>
    /// The first cluster (the control database and database a) stopped for a while mid-load, then started: 503s while
    /// it is down for 0101, no restart needed after. Database b answers meanwhile, so the nodes stay ready (degraded) and
    /// an evaluator's figures come with b's part and an error naming 0101.
    /// </summary>
    private async Task DatabaseOutageAsync(LocalPostgres cluster, Load load, Caller coordinator, Caller evaluator)
    {
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} stopping PostgreSQL (control database and database a)");
        var (ready, partial) = (0, default(Figures));
        var outage = await StopAndStartAsync(cluster, load, coordinator, _ => true, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            ready = await ReadyAsync(load);
            partial = await MatrixAsync(load, evaluator);
        });
        var during = UnavailableWithin(outage, _ => true);
        var failures = new List<string>();
        if (during.Count == 0) failures.Add("no request was answered 503 while the database was down");
        var p95 = P95(during);
        if (p95 > 6000) failures.Add($"503s took {p95:0} ms (p95) to come: not fast");
        if (ready != 200) failures.Add($"readiness answered {ready} while database b could serve 0751");
        if (!partial.Data || !partial.Missing.SequenceEqual([Municipalities[0]]))
            failures.Add($"the evaluator's figures while a was down were {partial}, not data and an error naming {Municipalities[0]}");
        Record(("databaseOutage", new JsonObject
        {
            ["downSeconds"] = outage.DownSeconds, ["answered503"] = during.Count, ["p95MillisecondsTo503"] = p95,
            ["acknowledgedWhileDown"] = Json(AcknowledgedWithin(outage)), ["readinessWhileDown"] = ready,
            ["figuresWhileDown"] = partial.ToString(), ["secondsToFirstAcknowledgedCommandAfter"] = outage.SecondsToAcknowledged,
        }, failures));
    }

    /// <summary>What a load balancer asks a node: its readiness status code.</summary>
    private static async Task<int> ReadyAsync(Load load)
    {
        using var answer = await load.SendAsync(load.AnyNode, HttpMethod.Get, "/health/ready", new Caller("health", ""), null, CancellationToken.None);
        return (int?)answer?.StatusCode ?? 0;
    }

    /// <summary>
    /// The second cluster (database b, 0751) stopped for a while mid-load, then started: 0101 on database a goes on, 0751
    /// answers 503, an evaluator's figures over both come with data and an error naming 0751; back, whole again, no
    /// node restarted.
    /// </summary>
    private async Task SecondDatabaseDownAsync(LocalPostgres cluster, Load load, Caller[] coordinators, Caller evaluator)
    {
        var (onA, onB) = (coordinators[0], coordinators[1]);
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} stopping database b's PostgreSQL");
        var partial = default(Figures);
        var outage = await StopAndStartAsync(cluster, load, onB, caller => caller == onB.Name, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            partial = await MatrixAsync(load, evaluator);
        });
        var whole = Stopwatch.StartNew();
        var after = await MatrixAsync(load, evaluator);
        while (!after.Whole && whole.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250);
            after = await MatrixAsync(load, evaluator);
        }
        var toB = UnavailableWithin(outage, caller => caller == onB.Name);
        var others = _ledger.Unavailable.Where(u => u.At >= outage.Down && u.At <= outage.AllowedUntil && u.Caller != onB.Name)
            .GroupBy(u => u.Caller).ToDictionary(g => g.Key, g => g.Count());
        var acknowledged = AcknowledgedWithin(outage);
        var failures = new List<string>();
        if (acknowledged[onA.Name] == 0) failures.Add($"no command of {onA.Name} (database a) was acknowledged while b was down");
        failures.AddRange(others.Select(o => $"{o.Value} requests of {o.Key} were answered 503 while only b was down"));
        if (toB.Count == 0) failures.Add($"no request of {onB.Name} was answered 503 while its database was down");
        if (P95(toB) > 6000) failures.Add($"503s took {P95(toB):0} ms (p95) to come: not fast");
        if (!partial.Data || partial.Errors is not ["MUNICIPALITIES_MISSING"] || !partial.Missing.SequenceEqual([onB.Name]))
            failures.Add($"the evaluator's figures while b was down were {partial}, not data and MUNICIPALITIES_MISSING naming {onB.Name}");
        if (!after.Whole) failures.Add($"the evaluator's figures were still {after} 30 s after b acknowledged again");
        Record(("secondDatabaseDown", new JsonObject
        {
            ["downSeconds"] = outage.DownSeconds, ["acknowledgedWhileDown"] = Json(acknowledged), ["answered503OnB"] = toB.Count,
            ["answered503Others"] = others.Values.Sum(), ["p95MillisecondsTo503"] = P95(toB),
            ["figuresWhileDown"] = partial.ToString(), ["secondsUntilBAcknowledgesAgain"] = outage.SecondsToAcknowledged,
            ["secondsUntilFiguresWhole"] = Math.Round(outage.SecondsToAcknowledged + whole.Elapsed.TotalSeconds, 2),
        }, failures));
    }

    /// <summary>
    /// When an outage began (the stop asked for), when the server was stopped and started again, how long until a command
    /// was acknowledged after, and until when 503s are allowed.
    /// </summary>
    private sealed record Outage(DateTimeOffset Down, DateTimeOffset Stopped, DateTimeOffset Up, double SecondsToAcknowledged)
    {
        public DateTimeOffset AllowedUntil => Up.AddSeconds(SecondsToAcknowledged + 5);

        public double DownSeconds => Math.Round((Up - Down).TotalSeconds, 1);
    }

    /// <summary>
    /// Stops <paramref name="cluster"/> for 8 s (<paramref name="whileDown"/> runs meanwhile), starts it again and opens a
    /// case as <paramref name="probe"/> until one is acknowledged; the callers the outage may answer 503 are noted.
    /// </summary>
    private async Task<Outage> StopAndStartAsync(LocalPostgres cluster, Load load, Caller probe, Func<string, bool> mayBeUnavailable,
        Func<Task> whileDown)
    {
        var down = DateTimeOffset.UtcNow;
        await cluster.StopAsync();
        var stopped = DateTimeOffset.UtcNow;
        await Task.WhenAll(Task.Delay(TimeSpan.FromSeconds(8)), whileDown());
        await cluster.StartServerAsync();
        var up = DateTimeOffset.UtcNow;
        // Recovery: how long after the server is back until a command is acknowledged again.
        var recovery = Stopwatch.StartNew();
        await load.OpenAsync(probe, Load.NewCase(), CancellationToken.None);
        var outage = new Outage(down, stopped, up, Math.Round(recovery.Elapsed.TotalSeconds, 2));
        _outages.Add((down, outage.AllowedUntil, mayBeUnavailable));
        return outage;
    }

    /// <summary>How long the 503s of the callers <paramref name="of"/> took, from the server's stop to shortly after its start.</summary>
    private List<double> UnavailableWithin(Outage outage, Func<string, bool> of) => [.. _ledger.Unavailable
        .Where(u => u.At >= outage.Down && u.At <= outage.Up.AddSeconds(2) && of(u.Caller)).Select(u => u.Milliseconds).Order()];

    /// <summary>Commands acknowledged while the server was stopped (not those it committed while stopping), by municipality.</summary>
    private Dictionary<string, int> AcknowledgedWithin(Outage outage) => Municipalities.ToDictionary(m => m,
        m => _ledger.Acknowledgements.Count(a => a.Caller == m && a.At >= outage.Stopped && a.At <= outage.Up));

    private static double P95(List<double> ordered) =>
        ordered.Count == 0 ? 0 : Math.Round(ordered[(int)Math.Ceiling(0.95 * ordered.Count) - 1], 1);

    /// <summary>What an evaluator's figures came with: data, the errors' codes, the municipalities the figures leave out.</summary>
    private readonly record struct Figures(int Status, bool Data, IReadOnlyList<string> Errors, IReadOnlyList<string> Missing)
    {
        public bool Whole => Data && Errors.Count == 0;

        public override string ToString() =>
            $"{Status}, {(Data ? "data" : "no data")}, errors [{string.Join(", ", Errors)}], missing [{string.Join(", ", Missing)}]";
    }

    private static async Task<Figures> MatrixAsync(Load load, Caller evaluator)
    {
        using var answer = await load.SendAsync(load.AnyNode, HttpMethod.Post, "/graphql", evaluator, new { query = Matrix },
            CancellationToken.None);
        if (answer is not { StatusCode: HttpStatusCode.OK }) return new Figures((int?)answer?.StatusCode ?? 0, false, [], []);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var errors = body.TryGetProperty("errors", out var e) ? e.EnumerateArray().ToList() : [];
        return new Figures(200, body.TryGetProperty("data", out var data) && data.TryGetProperty("matrix", out var matrix)
                                && matrix.ValueKind == JsonValueKind.Array,
            [.. errors.Select(x =>
                x.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var code) ? code.GetString()! : "?")],
            [.. errors.SelectMany(x => x.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("missing", out var missing)
                ? missing.EnumerateArray().Select(m => m.GetString()!) : [])]);
    }

    /// <summary>
    /// SIGKILL of the node running database a's evaluation projection (there is one agent per database; a is the first
    /// cluster's, beside the control database): the agents it ran move to other nodes; the node restarts.
    /// </summary>
    private async Task KillProjectionNodeAsync(Nodes nodes)
    {
        var before = await nodes.ProjectionOwnersAsync();
        var victim = nodes.Live.FirstOrDefault(n => n.Number == before["a"]);
        if (victim is null)
        {
            Record(("nodeKilled", new JsonObject { ["ownersBefore"] = Json(before) },
                ["no live node runs database a's evaluation projection"]));
            return;
        }
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} killing node {victim.Number} (runs database a's projection)");
        nodes.TakeOut(victim);
        await victim.Process.KillAsync();
        // Taken over: every agent the killed node ran runs on another node.
        var ran = before.Where(o => o.Value == victim.Number).Select(o => o.Key).ToList();
        var takeover = Stopwatch.StartNew();
        var after = before;
        while (takeover.Elapsed < TimeSpan.FromMinutes(3) && ran.Any(d => after[d] is null || after[d] == victim.Number))
        {
            await Task.Delay(250);
            after = await nodes.ProjectionOwnersAsync();
        }
        var seconds = takeover.Elapsed.TotalSeconds;
        var moved = ran.All(d => after[d] is not null && after[d] != victim.Number);
        var restarted = await nodes.StartAsync();
        Record(("nodeKilled", new JsonObject
        {
            ["killedNode"] = victim.Number, ["takenOverBy"] = after["a"], ["takeoverSeconds"] = Math.Round(seconds, 1),
            ["ownersBefore"] = Json(before), ["ownersAfter"] = Json(after), ["restartedAs"] = restarted.Number,
        }, !moved ? [$"the projections of {string.Join(", ", ran)} did not move within 3 minutes"]
            : seconds > TakeoverLimit.TotalSeconds
                ? [$"the projections moved after {seconds:0} s, over the {TakeoverLimit.TotalSeconds:0} s stated"] : []));
    }

    private static JsonObject Json<T>(IReadOnlyDictionary<string, T> values) =>
        new([.. values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value)))]);

    /// <summary>Two writers on two nodes with the same expected version of one case: one 200 and one 409, every time.</summary>
    private async Task CrossNodeRacesAsync(Nodes nodes, Load load, Caller coordinator)
    {
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} cross-node races");
        var outcomes = new List<string>();
        for (var race = 0; race < 10; race++)
        {
            var (caseId, version) = await load.OpenAsync(coordinator, Load.NewCase(), CancellationToken.None);
            var pair = nodes.Live.Take(2).ToList();
            var answers = await Task.WhenAll(pair.Select((node, i) => load.SendAsync(node, HttpMethod.Post,
                $"/api/cases/{caseId}/measurements", coordinator,
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
    private async Task StopWithRequestsInFlightAsync(Nodes nodes, Load load, Caller evaluator)
    {
        var node = nodes.Live[0];
        Console.WriteLine($"{_clock.Elapsed:mm\\:ss} stopping node {node.Number} with requests in flight");
        nodes.TakeOut(node);
        var logged = node.Process.Output.Split('\n').Length;
        // Connections to the node first: a request still connecting when the signal comes is refused, not in flight
        // (on a busy machine 14 of 24 were, once).
        foreach (var warm in await Task.WhenAll(Enumerable.Range(0, 24)
                     .Select(_ => load.SendAsync(node, HttpMethod.Get, "/health/live", evaluator, null, CancellationToken.None))))
            warm?.Dispose();
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

    /// <summary>
    /// Every answer by status: nothing but 503 may be a server error, and only to callers an outage left without their
    /// database.
    /// </summary>
    private (string, JsonObject, IEnumerable<string>) Answers()
    {
        var statuses = new JsonObject();
        foreach (var (status, count) in _ledger.Statuses.OrderBy(s => s.Key)) statuses[status == 0 ? "noAnswer" : status.ToString()] = count;
        var stray503 = _ledger.Unavailable.Count(u => !_outages.Any(o => u.At >= o.From && u.At <= o.To && o.MayBeUnavailable(u.Caller)));
        var failures = _ledger.ServerErrors.Select(e => $"{e.What} from {e.Node}").Take(10).ToList();
        if (stray503 > 0) failures.Add($"{stray503} answers were 503 outside an outage of their database");
        var acknowledged = _ledger.Acknowledged.Count;
        return ("answers", new JsonObject
        {
            ["byStatus"] = statuses, ["commandsAcknowledged"] = acknowledged,
            ["commandsPerSecond"] = Math.Round(acknowledged / duration.TotalSeconds, 1), ["serverErrors"] = _ledger.ServerErrors.Count,
            ["stray503"] = stray503,
        }, failures);
    }

    /// <summary>Who ran each database's evaluation projection, sampled from Wolverine's assignment table through the run.</summary>
    private static (string, JsonObject, IEnumerable<string>) Projection(IReadOnlyList<(double At, string Database, int? Owner)> transitions,
        Nodes nodes)
    {
        var twoWriters = nodes.Live.SelectMany(n => n.Process.Output.Split('\n'))
            .Count(l => l.Contains("ProgressionProgressOutOfOrder", StringComparison.Ordinal)
                        || l.Contains("pk_mt_event_progression", StringComparison.Ordinal));
        return ("projectionPlacement", new JsonObject
        {
            ["ownerChanges"] = new JsonArray([.. transitions.Select(t => (JsonNode)new JsonObject
            {
                ["atSeconds"] = Math.Round(t.At, 1), ["database"] = t.Database, ["node"] = t.Owner,
            })]),
            ["signsOfTwoWriters"] = twoWriters,
        }, twoWriters == 0 ? [] : [$"{twoWriters} log lines show two nodes writing a projection's progress"]);
    }

    private async Task<IReadOnlyList<(double At, string Database, int? Owner)>> SampleOwnersAsync(Nodes nodes, CancellationToken ct)
    {
        var changes = new List<(double, string, int?)>();
        var last = new Dictionary<string, int?>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var (database, owner) in await nodes.ProjectionOwnersAsync(ct))
                    if (!last.TryGetValue(database, out var was) || was != owner)
                        changes.Add((_clock.Elapsed.TotalSeconds, database, last[database] = owner));
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException) { } // outage, or the end
            await Task.Delay(250, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return changes;
    }
}
