using System.Text.Json;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Cases;

/// <summary>A citizen's pathway recorded over HTTP and read back through the projections, on real PostgreSQL.</summary>
public class CasePathwayTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly Alba.IAlbaHost _host = app.Host;

    [Fact]
    public async Task A_whole_pathway_from_opening_to_closing()
    {
        var caseId = await _host.OpenedCase("adult", DateTimeOffset.UtcNow.AddMonths(-8));
        await _host.Record(caseId, "risk-factors", new { factor = "adult.mental-illness" });
        await _host.Record(caseId, "risk-factors", new { factor = "adult.economic-problems" });
        var lowSelfEsteem = (await _host.Record(caseId, "barriers", new
        {
            factor = "adult.mental-illness", level = "individual", catalogueBarrier = "adult.mental-illness.individual.1", serviceArea = "health",
        })).Id;
        var debt = (await _host.Record(caseId, "barriers", new
        {
            factor = "adult.economic-problems", level = "individual", description = "Inkasso på tre lån", serviceArea = "social",
        })).Id;
        await _host.Record(caseId, "mentors", new { mentorId = "mentor-7" });
        var ips = (await _host.Record(caseId, "interventions", new
        {
            catalogueIntervention = "adult.ips", barriers = new[] { lowSelfEsteem }, serviceArea = "employment", provider = "Jobcenter",
        })).Id;
        var counselling = (await _host.Record(caseId, "interventions", new
        {
            catalogueIntervention = "adult.gaeldsraadgivning", barriers = new[] { debt }, serviceArea = "social", provider = "Gældsrådgivningen",
        })).Id;
        await _host.Record(caseId, "measurements", new
        {
            instrument = "boligsocial-progression-goals", measuredBy = "mentor-7",
            scores = new Dictionary<string, decimal> { ["labour-market-education-mastery"] = 3, ["job-education-search-skills"] = 4, ["everyday-mastery"] = 5 },
        });
        await _host.Record(caseId, "interventions/complete", new { interventionId = counselling });
        await _host.Record(caseId, "barriers/resolve", new { barrierId = debt });
        await _host.Record(caseId, "measurements", new
        {
            instrument = "boligsocial-progression-goals", measuredBy = "mentor-7",
            scores = new Dictionary<string, decimal> { ["labour-market-education-mastery"] = 6, ["job-education-search-skills"] = 7, ["everyday-mastery"] = 7 },
        });
        // Registered late: the job began 80 days ago, so its 3-month check can be recorded now (two weeks early at most).
        var job = (await _host.Record(caseId, "outcomes", new { kind = "subsidised-job", happenedAt = DateTimeOffset.UtcNow.AddDays(-80) })).Id;
        await _host.Record(caseId, "outcomes/retained", new { outcomeId = job, checkpointMonths = 3 });
        await _host.Record(caseId, "interventions/drop-out", new { interventionId = ips, reason = "Moved to another municipality" });
        await _host.Record(caseId, "close", new { reason = "Moved away" });

        var view = (await _host.Get($"/api/cases/{caseId}")).Body;
        Assert.Equal("closed", view.GetProperty("status").GetString());
        Assert.Equal(16, view.GetProperty("version").GetInt64());
        Assert.Equal(["adult.economic-problems", "adult.mental-illness"], Strings(view, "riskFactors", "factor").Order());
        Assert.Equal(["mentor-7"], view.GetProperty("mentors").EnumerateArray().Select(m => m.GetString()));
        var interventions = view.GetProperty("interventions").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid());
        Assert.Equal("dropped-out", interventions[ips].GetProperty("status").GetString());
        Assert.Equal("completed", interventions[counselling].GetProperty("status").GetString());
        var scores = view.GetProperty("latestMeasurements")[0].GetProperty("scores");
        Assert.Equal(6m, scores.GetProperty("labour-market-education-mastery").GetDecimal());
        var outcome = view.GetProperty("outcomes")[0];
        Assert.Equal("subsidised-job", outcome.GetProperty("kind").GetString());
        Assert.Equal([3], outcome.GetProperty("retainedAtMonths").EnumerateArray().Select(m => m.GetInt32()));
        // The IPS was the only intervention on low self-esteem: once it dropped out, the barrier is a blind spot again.
        Assert.Equal([lowSelfEsteem], view.GetProperty("blindSpots").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Blind_spots_appear_and_disappear_in_the_matrix_as_interventions_start_and_end()
    {
        var caseId = await _host.OpenedCase();
        await _host.Record(caseId, "risk-factors", new { factor = "adult.housing-problems" });
        var barrier = (await _host.Record(caseId, "barriers", new
        {
            factor = "adult.housing-problems", level = "institutional", description = "Ingen fast adresse", serviceArea = "social",
        })).Id;
        Assert.Equal([barrier], await BlindSpots(caseId));

        var housingFirst = (await _host.Record(caseId, "interventions", new
        {
            catalogueIntervention = "adult.housing-first", barriers = new[] { barrier }, serviceArea = "social", provider = "Herberget",
        })).Id;
        Assert.Empty(await BlindSpots(caseId));
        var cell = await MatrixCell(caseId, "adult.housing-problems", "institutional");
        Assert.Equal([housingFirst], cell.GetProperty("interventions").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

        await _host.Record(caseId, "interventions/complete", new { interventionId = housingFirst });
        Assert.Equal([barrier], await BlindSpots(caseId));
        Assert.Equal(1, (await MatrixCell(caseId, "adult.housing-problems", "institutional")).GetProperty("blindSpots").GetInt32());

        await _host.Record(caseId, "barriers/resolve", new { barrierId = barrier });
        Assert.Empty(await BlindSpots(caseId));
    }

    [Fact]
    public async Task A_case_as_it_stood_at_an_earlier_version_or_moment()
    {
        var caseId = await _host.OpenedCase();
        await _host.Record(caseId, "risk-factors", new { factor = "adult.crime" });
        var recordedAt = await LatestTimestamp(caseId);
        await _host.Record(caseId, "risk-factors", new { factor = "adult.disability" });

        var now = (await _host.Get($"/api/cases/{caseId}")).Body;
        Assert.Equal(["adult.crime", "adult.disability"], Strings(now, "riskFactors", "factor").Order());

        var atVersion2 = await _host.Get($"/api/cases/{caseId}?version=2");
        Assert.Equal(["adult.crime"], Strings(atVersion2.Body, "riskFactors", "factor"));
        Assert.Equal("\"2\"", atVersion2.Header("ETag"));

        var asOf = await _host.Get($"/api/cases/{caseId}?asOf={Uri.EscapeDataString(recordedAt.ToString("O"))}");
        Assert.Equal(2, asOf.Version);
        Assert.Equal(["adult.crime"], Strings(asOf.Body, "riskFactors", "factor"));

        Assert.Equal(404, (await _host.Get($"/api/cases/{caseId}?asOf=2000-01-01")).Status);
        var bad = await _host.Get($"/api/cases/{caseId}?asOf=yesterday");
        Assert.Equal(400, bad.Status);
        Assert.Equal(["asOf"], bad.Fields);
        var matrixThen = (await _host.Get($"/api/cases/{caseId}/matrix?version=2")).Body;
        Assert.Equal(["adult.crime"], Strings(matrixThen, "rows", "factor"));
    }

    [Fact]
    public async Task A_late_registration_keeps_when_it_happened_apart_from_when_it_was_recorded()
    {
        var opened = DateTimeOffset.UtcNow.AddDays(-30);
        var caseId = await _host.OpenedCase(happenedAt: opened);
        var happened = DateTimeOffset.UtcNow.AddDays(-10);
        await _host.Record(caseId, "risk-factors", new { factor = "adult.crime", happenedAt = happened });

        var factor = (await _host.Get($"/api/cases/{caseId}")).Body.GetProperty("riskFactors")[0];
        Assert.Equal(happened, factor.GetProperty("registeredAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.True(await LatestTimestamp(caseId) > DateTimeOffset.UtcNow.AddMinutes(-5), "recorded now, not ten days ago");
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var recordedBy = new Npgsql.NpgsqlCommand(
            "select string_agg(distinct user_name, ',') from progression.mt_events where stream_id = $1", connection) { Parameters = { new() { Value = caseId } } };
        Assert.Equal("coordinator-0101", await recordedBy.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Cases_live_in_their_municipality()
    {
        var caseId = await _host.OpenedCase(municipality: "0101");
        Assert.Equal(200, (await _host.Get($"/api/cases/{caseId}", "0101")).Status);
        Assert.Equal(404, (await _host.Get($"/api/cases/{caseId}", "0147")).Status);
        Assert.Equal(404, (await _host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", expectedVersion = 1 }, "0147")).Status);
        // The municipality comes from the token: without a header its only municipality is used; a header naming
        // one the token does not grant is refused.
        Assert.Equal(200, (await _host.Get($"/api/cases/{caseId}", municipality: null)).Status);
        Assert.Equal(403, (await _host.Get($"/api/cases/{caseId}", "0147", TestTokens.Coordinator("0101"))).Status);
        var twoMunicipalities = TestTokens.For(Progression.Api.Access.Roles.Coordinator, "0101", "0147");
        Assert.Equal(400, (await _host.Get($"/api/cases/{caseId}", null, twoMunicipalities)).Status);
        Assert.Equal(200, (await _host.Get($"/api/cases/{caseId}", "0101", twoMunicipalities)).Status);
    }

    [Fact]
    public async Task The_command_api_is_described_by_openapi()
    {
        var document = (await _host.Get("/openapi/v1.json", municipality: null, token: CaseScenarios.Anonymous)).Body;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/cases", paths);
        Assert.Contains("/api/cases/{caseId}/interventions/drop-out", paths);
        Assert.Contains("/api/cases/{caseId}/matrix", paths);
    }

    private async Task<List<Guid>> BlindSpots(Guid caseId) =>
        (await _host.Get($"/api/cases/{caseId}/matrix")).Body.GetProperty("blindSpots").EnumerateArray()
        .Select(b => b.GetProperty("id").GetGuid()).ToList();

    private async Task<JsonElement> MatrixCell(Guid caseId, string factor, string level) =>
        (await _host.Get($"/api/cases/{caseId}/matrix")).Body.GetProperty("rows").EnumerateArray()
        .Single(r => r.GetProperty("factor").GetString() == factor)
        .GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("level").GetString() == level);

    private async Task<DateTimeOffset> LatestTimestamp(Guid caseId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select max(timestamp) from progression.mt_events where stream_id = $1", connection) { Parameters = { new() { Value = caseId } } };
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    private static IEnumerable<string> Strings(JsonElement view, string list, string property) =>
        view.GetProperty(list).EnumerateArray().Select(e => e.GetProperty(property).GetString()!);
}
