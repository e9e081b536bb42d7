using System.Text.Json;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Cases;

/// <summary>Every rejection answers with the right status, names the field, and leaves the stream byte-for-byte as it was.</summary>
public class RejectionTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>A case with a registered factor, an open and a resolved barrier, an active intervention.</summary>
    private sealed record Given(Guid CaseId, long Version, Guid OpenBarrier, Guid ResolvedBarrier, Guid Intervention);

    private sealed record Rejection(string Path, Func<Given, object> Body, int Status, string? Field, bool ClosedFirst = false);

    private static readonly Dictionary<string, Rejection> Rejections = new()
    {
        ["unknown risk factor"] = new("risk-factors", g => new { factor = "adult.astrology", expectedVersion = g.Version }, 400, "factor"),
        ["factor of the other target group"] = new("risk-factors", g => new { factor = "youth.mental-illness", expectedVersion = g.Version }, 400, "factor"),
        ["barrier on an unregistered factor"] = new("barriers", g => new
        {
            factor = "adult.crime", level = "individual", description = "x", serviceArea = "social", expectedVersion = g.Version,
        }, 400, "factor"),
        ["unknown catalogue barrier"] = new("barriers", g => new
        {
            factor = "adult.mental-illness", level = "individual", catalogueBarrier = "adult.mental-illness.individual.99", serviceArea = "health", expectedVersion = g.Version,
        }, 400, "catalogueBarrier"),
        ["unknown catalogue intervention"] = new("interventions", g => new
        {
            catalogueIntervention = "adult.homeopathy", barriers = new[] { g.OpenBarrier }, serviceArea = "health", provider = "p", expectedVersion = g.Version,
        }, 400, "catalogueIntervention"),
        ["intervention on a barrier that does not exist"] = new("interventions", g => new
        {
            catalogueIntervention = "adult.ips", barriers = new[] { Guid.NewGuid() }, serviceArea = "employment", provider = "p", expectedVersion = g.Version,
        }, 400, "barriers[0]"),
        ["intervention on a resolved barrier"] = new("interventions", g => new
        {
            catalogueIntervention = "adult.ips", barriers = new[] { g.ResolvedBarrier }, serviceArea = "employment", provider = "p", expectedVersion = g.Version,
        }, 400, "barriers[0]"),
        ["completing an intervention never started"] = new("interventions/complete", g => new { interventionId = Guid.NewGuid(), expectedVersion = g.Version }, 400, "interventionId"),
        ["score outside the scale"] = new("measurements", g => Measurement(g, everyday: 11), 400, "scores.everyday-mastery"),
        ["missing dimension"] = new("measurements", g => Measurement(g, everyday: null), 400, "scores.everyday-mastery"),
        ["unknown instrument"] = new("measurements", g => new
        {
            instrument = "horoscope", measuredBy = "m", scores = new Dictionary<string, decimal>(), expectedVersion = g.Version,
        }, 400, "instrument"),
        ["happened in the future"] = new("risk-factors", g => new
        {
            factor = "adult.crime", happenedAt = DateTimeOffset.UtcNow.AddDays(2), expectedVersion = g.Version,
        }, 400, "happenedAt"),
        ["happened before the case opened"] = new("risk-factors", g => new
        {
            factor = "adult.crime", happenedAt = DateTimeOffset.UtcNow.AddYears(-3), expectedVersion = g.Version,
        }, 400, "happenedAt"),
        ["a change to a closed case"] = new("risk-factors", g => new { factor = "adult.crime", expectedVersion = g.Version }, 409, "case", ClosedFirst: true),
        ["a stale version"] = new("risk-factors", g => new { factor = "adult.crime", expectedVersion = g.Version - 1 }, 409, "expectedVersion"),
        ["no version at all"] = new("risk-factors", _ => new { factor = "adult.crime" }, 428, "expectedVersion"),
        ["an unknown enum value"] = new("outcomes", g => new { kind = "lottery-win", expectedVersion = g.Version }, 400, null),
        ["a misspelt field"] = new("risk-factors", g => new { factr = "adult.crime", expectedVersion = g.Version }, 400, null),
    };

    public static TheoryData<string> Names => new(Rejections.Keys);

    private static object Measurement(Given g, decimal? everyday)
    {
        var scores = new Dictionary<string, decimal> { ["labour-market-education-mastery"] = 5, ["job-education-search-skills"] = 5 };
        if (everyday is { } e) scores["everyday-mastery"] = e;
        return new { instrument = "boligsocial-progression-goals", measuredBy = "m", scores, expectedVersion = g.Version };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_rejected_command_appends_nothing(string name)
    {
        var rejection = Rejections[name];
        var given = await GivenCase(rejection.ClosedFirst);
        var before = await CaseScenarios.StoredStream(app.ConnectionString, given.CaseId);

        var answer = await app.Host.Post($"/api/cases/{given.CaseId}/{rejection.Path}", rejection.Body(given));

        Assert.Equal(rejection.Status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Header("Content-Type"));
        if (rejection.Field is { } field) Assert.Equal([field], answer.Fields);
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, given.CaseId));
    }

    [Fact]
    public async Task Malformed_json_is_refused_and_appends_nothing()
    {
        var given = await GivenCase();
        var before = await CaseScenarios.StoredStream(app.ConnectionString, given.CaseId);

        var answer = await app.Host.Send("POST", $"/api/cases/{given.CaseId}/risk-factors", null, rawBody: "{\"factor\": \"adult.crime\", ");

        Assert.Equal(400, answer.Status);
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, given.CaseId));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read()
    {
        var given = await GivenCase();
        var before = await CaseScenarios.StoredStream(app.ConnectionString, given.CaseId);
        var huge = JsonSerializer.Serialize(new { factor = "adult.crime", note = new string('x', 70_000), expectedVersion = given.Version });

        var answer = await app.Host.Send("POST", $"/api/cases/{given.CaseId}/risk-factors", null, rawBody: huge);

        Assert.Equal(413, answer.Status);
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, given.CaseId));
    }

    [Fact]
    public async Task An_unknown_case_is_404_and_no_stream_is_created()
    {
        var nobody = Guid.NewGuid();
        var answer = await app.Host.Post($"/api/cases/{nobody}/risk-factors", new { factor = "adult.crime", expectedVersion = 1 });
        Assert.Equal(404, answer.Status);
        Assert.Equal("\n\n\n", await CaseScenarios.StoredStream(app.ConnectionString, nobody));
    }

    [Fact]
    public async Task A_cpr_number_never_becomes_a_citizen_reference()
    {
        var answer = await app.Host.Post("/api/cases", new { citizenReference = "010203-1234", targetGroup = "adult" });
        Assert.Equal(400, answer.Status);
        Assert.Equal(["citizenReference"], answer.Fields);
        Assert.DoesNotContain("010203", answer.Body.ToString());
    }

    private async Task<Given> GivenCase(bool closed = false)
    {
        var host = app.Host;
        var caseId = await host.OpenedCase(happenedAt: DateTimeOffset.UtcNow.AddDays(-60));
        await host.Record(caseId, "risk-factors", new { factor = "adult.mental-illness" });
        var open = (await host.Record(caseId, "barriers", new
        {
            factor = "adult.mental-illness", level = "individual", catalogueBarrier = "adult.mental-illness.individual.1", serviceArea = "health",
        })).Id;
        var resolved = (await host.Record(caseId, "barriers", new
        {
            factor = "adult.mental-illness", level = "institutional", catalogueBarrier = "adult.mental-illness.institutional.2", serviceArea = "health",
        })).Id;
        await host.Record(caseId, "barriers/resolve", new { barrierId = resolved });
        var intervention = (await host.Record(caseId, "interventions", new
        {
            catalogueIntervention = "adult.ips", barriers = new[] { open }, serviceArea = "employment", provider = "Jobcenter",
        })).Id;
        var last = closed ? await host.Record(caseId, "close", new { reason = "done" }) : null;
        var version = last?.Version ?? (await host.Get($"/api/cases/{caseId}")).Version;
        return new Given(caseId, version, open, resolved, intervention);
    }
}
