using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>Who sends a request: a municipality's coordinator (named by its code) or the evaluator, and their token.</summary>
public sealed record Caller(string Name, string Token);

/// <summary>
/// The clients: coordinators measuring progression on cases of their own (each command tagged and kept in the
/// ledger) and readers of the case view and the dashboards, each request to the next node in turn.
/// </summary>
public sealed class Load(Nodes nodes, Ledger ledger, HttpClient http)
{
    public const string Instrument = "boligsocial-progression-goals";

    public static object Scores(int seed) => new Dictionary<string, int>
    {
        ["labour-market-education-mastery"] = 1 + seed % 10, ["job-education-search-skills"] = 1 + seed / 10 % 10,
        ["everyday-mastery"] = 1 + seed / 100 % 10,
    };

    public Node AnyNode => nodes.Next();

    /// <summary>Sends a request to a node; the answer, or null when the connection failed (the node died, or was stopping).</summary>
    public async Task<HttpResponseMessage?> SendAsync(Node node, HttpMethod method, string path, Caller caller, object? body,
        CancellationToken ct, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(node.Url, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = JsonContent.Create(body);
        var clock = Stopwatch.StartNew();
        try
        {
            var answer = await http.SendAsync(request, ct);
            ledger.Answered((int)answer.StatusCode);
            var status = (int)answer.StatusCode;
            if (status == 503) ledger.Unavailable.Add((DateTimeOffset.UtcNow, clock.Elapsed.TotalMilliseconds, caller.Name));
            else if (status >= 500) ledger.ServerErrors.Add((DateTimeOffset.UtcNow, node.Url.ToString(), $"{method} {path}: {status}"));
            return answer;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            ledger.Answered(0); // no answer: the connection failed
            return null;
        }
    }

    /// <summary>Opens a case through some node, retrying until one acknowledges it.</summary>
    public async Task<(Guid Case, long Version)> OpenAsync(Caller caller, object body, CancellationToken ct)
    {
        // The idempotency key makes a retry after an unknown outcome open the same case, not a second one.
        var key = Guid.NewGuid().ToString();
        while (true)
        {
            using var answer = await SendAsync(nodes.Next(), HttpMethod.Post, "/api/cases", caller, body, ct, key);
            if (answer is { IsSuccessStatusCode: true })
            {
                ledger.Acknowledgements.Add((DateTimeOffset.UtcNow, caller.Name));
                return await CaseAndVersion(answer, ct);
            }
            if (answer is { StatusCode: < HttpStatusCode.InternalServerError })
                throw new InvalidOperationException($"opening a case was answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
            await Task.Delay(200, ct);
        }
    }

    /// <summary>
    /// Measurements a case gets before its coordinator moves to a new one: a municipality's cases have histories of tens
    /// of events, not thousands (a case measured thousands of times makes each of its events dearer to project).
    /// </summary>
    private const int CommandsPerCase = 25;

    /// <summary>A coordinator measuring cases of their own, a new case every so often, until <paramref name="ct"/> ends the run.</summary>
    public async Task WriteAsync(Caller coordinator, CancellationToken ct)
    {
        var (caseId, version) = (Guid.Empty, 0L);
        var n = 0;
        while (!ct.IsCancellationRequested)
        {
            if (n++ % CommandsPerCase == 0)
                (caseId, version) = await OpenAsync(coordinator, NewCase(), ct);
            var tag = ledger.NextTag();
            var body = new { instrument = Instrument, scores = Scores(n), measuredBy = tag, expectedVersion = version };
            // Uncertain until acknowledged: a command cut off by the end of the run may still have landed.
            ledger.Uncertain[tag] = 0;
            using var answer = await SendAsync(nodes.Next(), HttpMethod.Post, $"/api/cases/{caseId}/measurements", coordinator, body, ct);
            if (answer?.StatusCode == HttpStatusCode.OK)
            {
                ledger.Acknowledgements.Add((DateTimeOffset.UtcNow, coordinator.Name));
                version = (await CaseAndVersion(answer, ct)).Version;
                ledger.Acknowledged[tag] = (caseId, version);
                ledger.Uncertain.TryRemove(tag, out _);
                continue;
            }
            // Anything else may or may not have landed: the store says at the end; here the case says where it stands.
            version = await VersionAsync(caseId, coordinator, ct);
        }
    }

    /// <summary>Readers: the case view, a coordinator's caseload and an evaluator's matrix, in turn.</summary>
    public async Task ReadAsync(Caller coordinator, Caller evaluator, Guid someCase, CancellationToken ct)
    {
        var reads = new (string Path, Caller Caller, object? Body)[]
        {
            ($"/api/cases/{someCase}", coordinator, null),
            ("/graphql", coordinator, new { query = "{ caseload { caseId dueFollowUps { kind } } }" }),
            ("/graphql", evaluator, new { query = "{ matrix(group: \"adult\") { factor level open blindSpots } freshness { behind } }" }),
        };
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            var (path, caller, body) = reads[i % reads.Length];
            using var answer = await SendAsync(nodes.Next(), body is null ? HttpMethod.Get : HttpMethod.Post, path, caller, body, ct);
            if (answer is null || !answer.IsSuccessStatusCode) await Task.Delay(100, ct);
        }
    }

    /// <summary>The case's version as some node shows it (retrying through outages).</summary>
    public async Task<long> VersionAsync(Guid caseId, Caller caller, CancellationToken ct)
    {
        while (true)
        {
            using var answer = await SendAsync(nodes.Next(), HttpMethod.Get, $"/api/cases/{caseId}", caller, null, ct);
            if (answer?.StatusCode == HttpStatusCode.OK) return (await answer.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("version").GetInt64();
            await Task.Delay(200, ct);
        }
    }

    /// <summary>A new adult case's body, a citizen of its own each time.</summary>
    public static object NewCase() => new { citizenReference = CitizenReferences.New(), targetGroup = "adult" };

    private static async Task<(Guid Case, long Version)> CaseAndVersion(HttpResponseMessage answer, CancellationToken ct)
    {
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>(ct);
        return (json.GetProperty("caseId").GetGuid(), json.GetProperty("version").GetInt64());
    }
}
