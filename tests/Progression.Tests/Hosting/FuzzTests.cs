using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.Logging;
using Npgsql;
using Progression.Tests.Cases;
using Progression.Tests.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

/// <summary>
/// Thousands of generated bodies thrown at every command route and at GraphQL: mostly valid commands with one part
/// broken (a value of another kind, a field missing or added, a NUL, a huge or empty text), some whole bodies of
/// random JSON or no JSON at all. Whatever comes, the service answers below 500, every 400 carries errors, a
/// rejection leaves the event store as it was, and nothing is logged as a server error.
/// </summary>
public class FuzzTests(LoggedAppFixture app) : IClassFixture<LoggedAppFixture>
{
    private const string Version = "$version";

    private sealed record Given(Guid CaseId, string Reference, Guid Barrier, Guid Intervention, Guid Outcome, string Sacrificed);

    /// <summary>A valid body for each command, with the parts of the case it names; "$version" stands for the current version.</summary>
    private static JsonObject Template(string operation, Given g) => operation switch
    {
        "openCase" => new() { ["citizenReference"] = "ref-fuzz", ["targetGroup"] = "adult", ["services"] = new JsonArray("social") },
        "registerRiskFactor" => Command(new() { ["factor"] = "adult.crime", ["note"] = "n" }),
        "clearRiskFactor" => Command(new() { ["factor"] = "adult.disability", ["note"] = "n" }),
        "identifyBarrier" => Command(new()
        {
            ["factor"] = "adult.mental-illness", ["level"] = "individual", ["serviceArea"] = "health",
            ["catalogueBarrier"] = "adult.mental-illness.individual.2", ["description"] = "d",
        }),
        "resolveBarrier" => Command(new() { ["barrierId"] = g.Barrier, ["note"] = "n" }),
        "assignMentor" => Command(new() { ["mentorId"] = "mentor-fuzz" }),
        "unassignMentor" => Command(new() { ["mentorId"] = "mentor-fuzz" }),
        "startIntervention" => Command(new()
        {
            ["serviceArea"] = "employment", ["provider"] = "p", ["barriers"] = new JsonArray(g.Barrier.ToString()),
            ["local"] = new JsonObject
            {
                ["name"] = "Jobklub", ["cells"] = new JsonArray(new JsonObject { ["factor"] = "adult.mental-illness", ["level"] = "individual" }),
            },
        }),
        "completeIntervention" => Command(new() { ["interventionId"] = g.Intervention, ["note"] = "n" }),
        "dropOutOfIntervention" => Command(new() { ["interventionId"] = g.Intervention, ["reason"] = "r" }),
        "measureProgression" => Command(new()
        {
            ["instrument"] = "boligsocial-progression-goals", ["measuredBy"] = "m",
            ["scores"] = new JsonObject { ["labour-market-education-mastery"] = 5, ["job-education-search-skills"] = 6, ["everyday-mastery"] = 7 },
        }),
        "reachOutcome" => Command(new() { ["kind"] = "flex-job", ["note"] = "n" }),
        "recordOutcomeRetained" => Command(new() { ["outcomeId"] = g.Outcome, ["checkpointMonths"] = 3 }),
        "recordOutcomeLost" => Command(new() { ["outcomeId"] = g.Outcome, ["reason"] = "r" }),
        "closeCase" => Command(new() { ["reason"] = "r" }),
        "reopenCase" => Command(new() { ["reason"] = "r" }),
        "recordCitizenIdentity" => new() { ["name"] = "N", ["cpr"] = "010203-1234", ["phone"] = "1", ["email"] = "e", ["address"] = "a" },
        "eraseCitizen" => new() { ["reason"] = "r" },
        "assessProgramme" => Programme(),
        "saveProgramme" => new() { ["programme"] = Programme() },
        _ => throw new ArgumentException($"no template for {operation}: add one"),
    };

    private static JsonObject Programme() => new()
    {
        ["name"] = "P", ["targetGroup"] = "adult", ["riskFactors"] = new JsonArray("adult.mental-illness"),
        ["cells"] = new JsonArray(new JsonObject { ["factor"] = "adult.mental-illness", ["level"] = "individual" }),
        ["interventions"] = new JsonArray("adult.ips"), ["traits"] = new JsonArray("holistic-focus"),
    };

    private static JsonObject Command(JsonObject body)
    {
        body["expectedVersion"] = Version;
        return body;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Generators

    private static readonly string[] Interesting =
    [
        "", " ", "\u0000", "a\u0000b", "\u0001\u001f", new string('x', 5000), "adult.crime", "youth.crime", "individual", "social",
        Guid.Empty.ToString(), "00000000-0000-0000-0000-00000000000", "9999-12-31", "0001-01-01T00:00:00Z", "2026-13-45",
        "-1", "1e400", "NaN", "null", "{}", "[]", "\ud83d\ude00", "\ud800", "010203-1234", "<script>", "'; drop table x; --",
    ];

    private static readonly Gen<JsonNode?> Leaf = Gen.Frequency(
        (3, Gen.String.Select(s => (JsonNode?)JsonValue.Create(s))),
        (3, Gen.Int[0, Interesting.Length - 1].Select(i => (JsonNode?)JsonValue.Create(Interesting[i]))),
        (2, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (1, Gen.Decimal.Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)));

    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (6, Leaf),
            (1, Value(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))),
            (1, Gen.Select(Gen.String[0, 12].Array[0, 4], Value(depth - 1).Array[4], (keys, values) =>
            {
                var o = new JsonObject();
                foreach (var (k, v) in keys.Zip(values)) o[k] = v?.DeepClone();
                return (JsonNode?)o;
            })));

    /// <summary>One mutation of a template: what a careless or hostile client sends instead.</summary>
    private static Gen<string> Mutated(JsonObject template)
    {
        var names = template.Select(p => p.Key).ToArray();
        string With(Action<JsonObject> change)
        {
            var body = template.DeepClone().AsObject();
            change(body);
            return body.ToJsonString();
        }
        return Gen.Frequency(
            (6, Gen.Select(Gen.Int[0, names.Length - 1], Value(2), (i, v) => With(b => b[names[i]] = v?.DeepClone()))),
            (2, Gen.Int[0, names.Length - 1].Select(i => With(b => b.Remove(names[i])))),
            (2, Gen.Select(Gen.String[0, 20], Value(1), (k, v) => With(b => b[k] = v?.DeepClone()))),
            (1, Value(3).Select(v => v?.ToJsonString() ?? "null")),
            (1, Gen.String.Select(s => s)),
            (1, Gen.Int[0, 200].Select(n => template.ToJsonString()[..Math.Min(n, template.ToJsonString().Length)])),
            (1, Gen.Const(template.ToJsonString())));
    }

    // ----------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Generated_command_bodies_never_get_a_5xx_every_400_names_fields_and_rejections_write_nothing()
    {
        var given = await GivenCase();
        var routes = CommandRoute.Of(app.Host);
        Assert.True(routes.Count >= 18);
        var templates = routes.Select(r => (Route: r, Template: Template(r.Operation, given))).ToArray();
        var gen = Gen.Int[0, templates.Length - 1].SelectMany(i => Mutated(templates[i].Template), (i, body) => (Index: i, Body: body));
        app.Log.Clear();
        var statuses = new Dictionary<int, int>();

        await gen.SampleAsync(async sample =>
        {
            var (route, _) = templates[sample.Index];
            var url = route.Url(given.CaseId, route.Operation == "eraseCitizen" ? given.Sacrificed : given.Reference);
            var version = (await app.Host.Get($"/api/cases/{given.CaseId}")).Body.GetProperty("version").GetInt64();
            var body = sample.Body.Replace($"\"{Version}\"", version.ToString());
            var before = await EventStore();

            var answer = await app.Host.Send(route.Method, url, null, token: route.Token, rawBody: body);

            lock (statuses) statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            Assert.True(answer.Status < 500, $"{route.Method} {url} {body}: {answer.Status} {answer.Body}");
            if (answer.Status == 400)
                Assert.True(answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("errors", out _),
                    $"{route.Method} {url} {body}: 400 without errors: {answer.Body}");
            if (answer.Status >= 400) Assert.Equal(before, await EventStore());
        }, iter: 2500, threads: 1, seed: "0N0XIzNsQ0O2");

        // The sample must have reached the decisions, not only the shape check.
        Assert.True(statuses.GetValueOrDefault(200) + statuses.GetValueOrDefault(201) > 50, Describe(statuses));
        Assert.True(statuses.GetValueOrDefault(409) + statuses.GetValueOrDefault(404) > 0, Describe(statuses));
        Assert.DoesNotContain(app.Log.Entries, e => e.Level is LogLevel.Error or LogLevel.Critical);
    }

    private static readonly string[] Queries =
    [
        "{ catalogue { version groups { id riskFactors { id } } } }",
        "query($first: Int, $after: String) { cases(first: $first, after: $after) { totalCount nodes { id status } pageInfo { endCursor } } }",
        "{ matrix(group: \"adult\") { factor level open blindSpots interventions { name cases } } }",
        "query($i: String!) { progression(instrument: $i) { periods { period dimension median } } }",
        "{ interventionOutcomes { intervention participants } caseload { caseId dueFollowUps { kind } } freshness { behind } }",
    ];

    [Fact]
    public async Task Generated_graphql_requests_never_get_a_5xx_and_every_400_says_why()
    {
        await GivenCase();
        var token = TestTokens.Coordinator("0101");
        var mangled = Gen.Int[0, Queries.Length - 1].SelectMany(i => Gen.Frequency(
            (3, Gen.Const(Queries[i])),
            (2, Gen.Select(Gen.Int[0, Queries[i].Length], Gen.String[0, 4], (at, s) => Queries[i].Insert(at, s))),
            (2, Gen.Select(Gen.Int[0, Queries[i].Length - 1], Gen.Int[1, 8], (at, n) => Queries[i].Remove(at, Math.Min(n, Queries[i].Length - at)))),
            (1, Gen.String)));
        var gen = Gen.Select(mangled, Value(2), Gen.Frequency((3, Gen.Const((string?)null)), (1, Gen.String.Select(s => (string?)s))), Gen.Bool);

        await gen.SampleAsync(async (query, variables, operationName, overGet) =>
        {
            var before = await EventStore();
            var request = new JsonObject { ["query"] = query, ["variables"] = variables?.DeepClone(), ["operationName"] = operationName };
            var answer = overGet
                ? await app.Host.Send("GET", $"/graphql?query={Uri.EscapeDataString(query)}&variables={Uri.EscapeDataString(variables?.ToJsonString() ?? "")}",
                    null, null, token: token)
                : await app.Host.Send("POST", "/graphql", null, null, token: token, rawBody: request.ToJsonString());

            Assert.True(answer.Status < 500, $"{request}: {answer.Status} {answer.Body}");
            if (answer.Status == 400) Assert.True(answer.Body.TryGetProperty("errors", out _), $"{request}: 400 without errors: {answer.Body}");
            Assert.Equal(before, await EventStore());
        }, iter: 1500, threads: 1, seed: "0N0XIzNsQ0O2");
        Assert.DoesNotContain(app.Log.Entries, e => e.Level is LogLevel.Error or LogLevel.Critical);
    }

    private static string Describe(Dictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

    /// <summary>How many events the store holds and the highest sequence number: equal before and after means untouched.</summary>
    private async Task<(long Count, long Highest)> EventStore()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*), coalesce(max(seq_id), 0) from progression.mt_events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<Given> GivenCase()
    {
        var host = app.Host;
        var reference = CaseScenarios.Reference();
        var caseId = (await host.Post("/api/cases", new { citizenReference = reference, targetGroup = "adult", happenedAt = DateTimeOffset.UtcNow.AddDays(-100) }))
            .Body.GetProperty("caseId").GetGuid();
        await host.Record(caseId, "risk-factors", new { factor = "adult.mental-illness" });
        await host.Record(caseId, "risk-factors", new { factor = "adult.disability" });
        var barrier = (await host.Record(caseId, "barriers", new
        {
            factor = "adult.mental-illness", level = "individual", catalogueBarrier = "adult.mental-illness.individual.1", serviceArea = "health",
        })).Id;
        var intervention = (await host.Record(caseId, "interventions", new
        {
            catalogueIntervention = "adult.ips", barriers = new[] { barrier }, serviceArea = "employment", provider = "p",
        })).Id;
        var outcome = (await host.Record(caseId, "outcomes", new { kind = "ordinary-job", happenedAt = DateTimeOffset.UtcNow.AddDays(-85) })).Id;
        var sacrificed = CaseScenarios.Reference();
        await host.Post("/api/cases", new { citizenReference = sacrificed, targetGroup = "youth" });
        return new Given(caseId, reference, barrier, intervention, outcome, sacrificed);
    }
}
