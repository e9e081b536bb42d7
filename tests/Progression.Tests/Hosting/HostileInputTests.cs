using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Tests.Cases;
using Progression.Tests.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

/// <summary>The service with every log entry it writes captured.</summary>
public sealed class LoggedAppFixture : AppFixture
{
    public LogCapture Log { get; } = new();

    protected override Task<IAlbaHost> StartAsync() =>
        Boot(builder => builder.ConfigureLogging(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Information)));
}

/// <summary>
/// What an outside client found: input that used to answer 500, leak type names or log bodies. Each is now a 4xx
/// whose <c>errors</c> name the field, nothing is written, and nothing personal or stack-shaped reaches the log.
/// </summary>
public class HostileInputTests(LoggedAppFixture app) : IClassFixture<LoggedAppFixture>
{
    private static readonly string Coordinator = TestTokens.Coordinator("0101");

    // -------------------------------------------------------------------------------------------------------------
    // GraphQL documents whose validation would grow exponentially

    private static string DoublingFragments(int depth) =>
        "{ ...F1 } " + string.Join(" ", Enumerable.Range(1, depth - 1).Select(i => $"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}"))
        + $" fragment F{depth} on Query {{ freshness {{ behind }} }}";

    [Fact]
    public async Task Fragments_that_double_at_every_level_are_refused_before_anything_expands_them()
    {
        // 2^39 selections once expanded. The bound on the wait only keeps a regression from hanging the run.
        var post = await app.Host.Graph(DoublingFragments(40), Coordinator).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(400, post.Status);
        Assert.Contains(post.Errors(), e => e.Contains("once its fragments are expanded"));

        var get = await app.Host.Send("GET", "/graphql?query=" + Uri.EscapeDataString(DoublingFragments(40)), null, null, token: Coordinator)
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(400, get.Status);
    }

    [Fact]
    public async Task Fragments_of_an_ordinary_size_still_run()
    {
        var answer = await app.Host.Graph("{ ...A } fragment A on Query { freshness { ...B } } fragment B on Freshness { behind highWaterMark }", Coordinator);
        Assert.Equal(200, answer.Status);
        Assert.Equal(JsonValueKind.Number, answer.Data("freshness").GetProperty("behind").ValueKind);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Case ids

    [Fact]
    public async Task A_client_cannot_choose_a_case_id_so_one_municipality_cannot_reuse_or_probe_anothers()
    {
        var copenhagens = await app.Host.OpenedCase(municipality: "0101");
        var before = await CaseScenarios.StoredStream(app.ConnectionString, copenhagens);

        var answer = await app.Host.Post("/api/cases", new { caseId = copenhagens, citizenReference = CaseScenarios.Reference(), targetGroup = "adult" }, "0751");

        Assert.Equal(400, answer.Status);
        Assert.Equal(["caseId"], answer.Fields);
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, copenhagens));
        Assert.Equal(404, (await app.Host.Get($"/api/cases/{copenhagens}", "0751")).Status);
    }

    [Fact]
    public async Task The_same_idempotency_key_in_two_municipalities_opens_two_cases_that_evaluators_tell_apart()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "open-" + Guid.NewGuid() };
        var body = new { citizenReference = CaseScenarios.Reference(), targetGroup = "youth" };
        var first = (await app.Host.Post("/api/cases", body, "0101", key)).Body.GetProperty("caseId").GetGuid();
        var second = (await app.Host.Post("/api/cases", body, "0751", key)).Body.GetProperty("caseId").GetGuid();
        Assert.NotEqual(first, second);

        var evaluator = TestTokens.For(Roles.Evaluator, "0101", "0751");
        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = (await app.Host.Graph("query($after: String) { cases(first: 50, after: $after, where: { targetGroup: \"youth\" }) { nodes { id } pageInfo { hasNextPage endCursor } } }",
                evaluator, new { after })).Data("cases");
            ids.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        } while (after is not null);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 2);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Bodies that cannot become the command

    [Fact]
    public async Task A_null_body_is_refused_on_every_command_route_and_writes_nothing()
    {
        var reference = CaseScenarios.Reference();
        var caseId = (await app.Host.Post("/api/cases", new { citizenReference = reference, targetGroup = "adult" })).Body.GetProperty("caseId").GetGuid();
        var before = await CaseScenarios.StoredStream(app.ConnectionString, caseId);
        var routes = CommandRoute.Of(app.Host);
        Assert.True(routes.Count >= 18, $"only {routes.Count} command routes found");

        foreach (var route in routes)
        {
            var answer = await app.Host.Send(route.Method, route.Url(caseId, reference), null, token: route.Token, rawBody: "null");
            Assert.True(answer.Status == 400, $"{route.Method} {route.Pattern}: {answer.Status} {answer.Body}");
            Assert.Equal(["body"], answer.Fields);
        }
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, caseId));
    }

    public static TheoryData<string, string, string> NulInFreeText => new()
    {
        { "", """{"citizenReference":"ref-a\u0000b","targetGroup":"adult"}""", "citizenReference" },
        { "risk-factors", """{"factor":"adult.crime","note":"a\u0000b","expectedVersion":1}""", "note" },
        { "barriers", """{"factor":"adult.crime","level":"individual","serviceArea":"social","description":"\u0000","expectedVersion":1}""", "description" },
        { "mentors", """{"mentorId":"m\u0000","expectedVersion":1}""", "mentorId" },
        { "close", """{"reason":"gone\u0000","expectedVersion":1}""", "reason" },
        { "measurements", """{"instrument":"ten-life-areas","measuredBy":"m","scores":{"work\u0000":5},"expectedVersion":1}""", "scores.work\u0000" },
        { "interventions", """{"serviceArea":"social","provider":"p","barriers":[],"local":{"name":"x\u0000","cells":[]},"expectedVersion":1}""", "local.name" },
    };

    [Theory]
    [MemberData(nameof(NulInFreeText))]
    public async Task A_NUL_character_in_text_is_refused_naming_the_field(string path, string body, string field)
    {
        var caseId = await app.Host.OpenedCase();
        var before = await CaseScenarios.StoredStream(app.ConnectionString, caseId);
        var url = path.Length == 0 ? "/api/cases" : $"/api/cases/{caseId}/{path}";

        var answer = await app.Host.Send("POST", url, null, rawBody: body);

        Assert.Equal(400, answer.Status);
        Assert.Equal([field], answer.Fields);
        Assert.Contains("NUL", answer.Body.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, caseId));
    }

    [Fact]
    public async Task A_control_character_in_a_route_value_is_refused()
    {
        // (A NUL never gets this far: the HTTP server refuses a path holding one.)
        var answer = await app.Host.Send("PUT", "/api/citizens/ref%01x/identity", new { name = "N" });
        Assert.Equal(400, answer.Status);
        Assert.Equal(["reference"], answer.Fields);
    }

    public static TheoryData<string, string, string, string> BodiesOfTheWrongShape => new()
    {
        { "risk-factors", """{"factor":5}""", "factor", "must be text" },
        { "risk-factors", """{}""", "factor", "is required" },
        { "risk-factors", """{"factr":"adult.crime","factor":"adult.crime"}""", "factr", "is not a field of this command" },
        { "risk-factors", """{"factor":null}""", "factor", "must not be null" },
        { "risk-factors", """{"factor":"adult.crime","happenedAt":"yesterday"}""", "happenedAt", "must be a date and time" },
        { "risk-factors", """{"factor":"adult.crime","expectedVersion":"one"}""", "expectedVersion", "must be a whole number" },
        { "outcomes", """{"kind":"lottery-win"}""", "kind", "must be one of: ordinary-job, subsidised-job, flex-job, education-started, other" },
        { "barriers/resolve", """{"barrierId":"not-a-uuid"}""", "barrierId", "must be a UUID" },
        { "measurements", """{"instrument":"ten-life-areas","measuredBy":"m","scores":{"work":"high"}}""", "scores.work", "must be a number" },
        { "measurements", """{"instrument":"ten-life-areas","measuredBy":"m","scores":[5]}""", "scores", "must be an object" },
        { "interventions", """{"serviceArea":"social","provider":"p","barriers":{},"catalogueIntervention":"adult.ips"}""", "barriers", "must be a list" },
        { "interventions", """{"serviceArea":"social","provider":"p","barriers":[],"local":{"name":"x","cells":[{"factor":1}]}}""", "local.cells[0].factor", "must be text" },
        { "interventions", """{"serviceArea":"social","provider":"p","barriers":[],"local":{"name":"x","cells":[{"factor":"adult.crime"}]}}""", "local.cells[0].level", "is required" },
        { "risk-factors", """["adult.crime"]""", "body", "must be a JSON object" },
        { "risk-factors", """{"factor": "adult.crime", """, "body", "is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BodiesOfTheWrongShape))]
    public async Task A_body_of_the_wrong_shape_names_the_field_in_the_apis_own_words(string path, string body, string field, string reason)
    {
        var caseId = await app.Host.OpenedCase();
        var before = await CaseScenarios.StoredStream(app.ConnectionString, caseId);

        var answer = await app.Host.Send("POST", $"/api/cases/{caseId}/{path}", null, rawBody: body);

        Assert.Equal(400, answer.Status);
        Assert.Contains(field, answer.Fields);
        Assert.StartsWith(reason, answer.Body.GetProperty("errors").GetProperty(field)[0].GetString());
        foreach (var internals in new[] { "Progression.", "System.", "$.", "LineNumber", "Exception" })
            Assert.DoesNotContain(internals, answer.Body.ToString());
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, caseId));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_as_problem_details()
    {
        var caseId = await app.Host.OpenedCase();
        var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/risk-factors")
        {
            Content = new StringContent("factor=adult.crime", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new("Bearer", Coordinator);
        var answer = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Ids, dates and transport

    [Theory]
    [InlineData("POST", "risk-factors")]
    [InlineData("GET", "")]
    [InlineData("GET", "matrix")]
    public async Task The_empty_id_names_no_case(string method, string path)
    {
        var url = $"/api/cases/{Guid.Empty}" + (path.Length > 0 ? "/" + path : "");
        var answer = await app.Host.Send(method, url, method == "POST" ? new { factor = "adult.crime", expectedVersion = 1 } : null);
        Assert.Equal(400, answer.Status);
        Assert.Equal(["caseId"], answer.Fields);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/matrix")]
    public async Task As_of_the_last_day_of_the_calendar_is_the_case_as_recorded_now(string path)
    {
        var caseId = await app.Host.OpenedCase();
        var latest = await app.Host.Get($"/api/cases/{caseId}{path}");
        var farFuture = await app.Host.Get($"/api/cases/{caseId}{path}?asOf=9999-12-31");
        Assert.Equal(200, farFuture.Status);
        Assert.Equal(latest.Body.GetProperty("version").GetInt64(), farFuture.Body.GetProperty("version").GetInt64());
        Assert.Equal(404, (await app.Host.Get($"/api/cases/{caseId}{path}?asOf=0001-01-01")).Status);
    }

    [Fact]
    public async Task Graphql_variables_that_are_not_json_are_a_400_naming_them()
    {
        var answer = await app.Host.Send("GET", "/graphql?query=" + Uri.EscapeDataString("{ freshness { behind } }") + "&variables=garbage",
            null, null, token: Coordinator);
        Assert.Equal(400, answer.Status);
        Assert.Equal(["variables"], answer.Fields);
    }

    [Theory]
    [InlineData("/graphql")]
    [InlineData("/api/cases")]
    public async Task A_body_over_64_KB_without_a_length_is_413(string url)
    {
        var client = app.Host.Server.CreateClient();
        var json = "{\"query\":\"" + new string(' ', 70_000) + "{ freshness { behind } }\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StreamContent(new NoLength(Encoding.UTF8.GetBytes(json))) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = new("Bearer", Coordinator);
        var answer = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Contains("errors", await answer.Content.ReadAsStringAsync());
    }

    /// <summary>A body stream that does not tell its length, as a chunked upload does not.</summary>
    private sealed class NoLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Municipalities in GraphQL

    [Fact]
    public async Task A_coordinator_of_two_municipalities_is_asked_which_one_instead_of_answered_with_nothing()
    {
        var both = TestTokens.ForUser(Roles.Coordinator, "coordinator-both", "0101", "0751");
        await app.Host.OpenedCase(municipality: "0751");

        var unnamed = await app.Host.Graph("{ cases { totalCount } }", both);
        Assert.Contains(unnamed.Errors(), e => e.StartsWith("Which municipality?"));
        var heatmap = await app.Host.Graph("{ matrix(group: \"adult\") { factor open } }", both);
        Assert.Contains(heatmap.Errors(), e => e.StartsWith("Which municipality?"));

        var named = await app.Host.Graph("{ cases { totalCount } }", both, municipality: "0751");
        Assert.True(named.Data("cases").GetProperty("totalCount").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Object, (await app.Host.Graph("{ catalogue { version } }", both)).Data("catalogue").ValueKind);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Pages a person opens in a browser

    [Fact]
    public async Task The_api_ui_and_the_web_app_answer_a_browser_without_a_token()
    {
        var docs = await app.Host.Scenario(s => { s.Get.Url("/api/docs/index.html"); s.StatusCodeShouldBeOk(); });
        Assert.Contains("swagger", await docs.ReadAsTextAsync(), StringComparison.OrdinalIgnoreCase);
        foreach (var route in new[] { "/", "/cases", $"/cases/{Guid.NewGuid()}", "/dashboard", "/programmes" })
        {
            var page = await app.Host.Scenario(s => { s.Get.Url(route); s.StatusCodeShouldBeOk(); s.ContentTypeShouldBe("text/html"); });
            Assert.Contains("<div id=\"app\"></div>", await page.ReadAsTextAsync());
            Assert.Equal("no-cache", page.Context.Response.Headers.CacheControl.ToString());
        }
        // Only the app's own routes fall back to it: anything else is still refused to a caller without a token.
        foreach (var route in new[] { "/cases/1/2", "/api/nothing-here", "/anything" })
            await app.Host.Scenario(s => { s.Get.Url(route); s.StatusCodeShouldBe(401); });
    }

    // -------------------------------------------------------------------------------------------------------------
    // The log

    [Fact]
    public async Task Rejected_requests_and_a_lost_race_leave_no_stack_trace_error_or_body_text_in_the_log()
    {
        const string secret = "ZqSecretNoteText";
        var caseId = await app.Host.OpenedCase();
        app.Log.Clear();

        await app.Host.Send("POST", $"/api/cases/{caseId}/risk-factors", null, rawBody: "null");
        await app.Host.Send("POST", $"/api/cases/{caseId}/risk-factors", null, rawBody: $$"""{"factor":5,"note":"{{secret}}"}""");
        await app.Host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.astrology", note = secret, expectedVersion = 1 });
        await app.Host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", note = secret, expectedVersion = 9 });
        await app.Host.Post($"/api/cases/{Guid.NewGuid()}/risk-factors", new { factor = "adult.crime", note = secret, expectedVersion = 1 });
        // Writers racing on one version: the database refuses all but one append.
        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.Post($"/api/cases/{caseId}/risk-factors",
            new { factor = i % 2 == 0 ? "adult.crime" : "adult.mental-illness", note = $"{secret}{i}", expectedVersion = 1 })));
        Assert.Equal(1, race.Count(a => a.Status == 200));
        Assert.All(race.Where(a => a.Status != 200), a => Assert.Equal(409, a.Status));

        var entries = app.Log.Entries;
        Assert.DoesNotContain(entries, e => e.Level is LogLevel.Error or LogLevel.Critical);
        Assert.DoesNotContain(entries, e => e.Exception is not null);
        Assert.DoesNotContain(entries, e => e.Printed.Contains(secret));
        Assert.DoesNotContain(entries, e => e.Printed.Contains("   at "));
    }
}
