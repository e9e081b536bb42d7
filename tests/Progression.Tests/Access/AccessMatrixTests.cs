using Npgsql;
using Progression.Api.Access;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Access;

/// <summary>
/// Every HTTP operation × every kind of caller: allowed (2xx) or refused with 401, 403 or 404 — and a refusal
/// writes nothing. The expected rights are written out here, independently of the service's AccessRules table.
/// </summary>
public class AccessMatrixTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Own = "0101", Other = "0147";

    /// <summary>The rights, as the issue states them: C coordinator, M mentor, E evaluator, A administrator.</summary>
    private static readonly Dictionary<string, string> Rights = new()
    {
        ["getCatalogue"] = "CMEA",
        ["openCase"] = "C", ["getCase"] = "CM", ["getCaseMatrix"] = "CM", ["getCaseReads"] = "C", ["getCaseTimeline"] = "CM",
        ["getCaseSuggestions"] = "CM",
        ["registerRiskFactor"] = "CM", ["clearRiskFactor"] = "CM", ["identifyBarrier"] = "CM", ["resolveBarrier"] = "CM",
        ["assignMentor"] = "C", ["unassignMentor"] = "C",
        ["startIntervention"] = "CM", ["completeIntervention"] = "CM", ["dropOutOfIntervention"] = "CM",
        ["measureProgression"] = "CM", ["reachOutcome"] = "CM", ["recordOutcomeRetained"] = "CM", ["recordOutcomeLost"] = "CM",
        ["closeCase"] = "C", ["reopenCase"] = "C",
        ["recordCitizenIdentity"] = "C", ["getCitizenIdentity"] = "C", ["eraseCitizen"] = "A",
        ["assessProgramme"] = "CE", ["saveProgramme"] = "CE", ["listProgrammes"] = "CE", ["getProgramme"] = "CE",
    };

    /// <summary>Who asks: their role letter (none: anonymous), and whether the case is out of their reach.</summary>
    private sealed record Asker(string Name, char? Role, Func<string?> Token, string Municipality, bool CaseOutOfReach);

    private static readonly Asker[] Askers =
    [
        new("anonymous", null, () => CaseScenarios.Anonymous, Own, false),
        new("coordinator", 'C', () => TestTokens.Coordinator(Own), Own, false),
        new("coordinator of another municipality", 'C', () => TestTokens.Coordinator(Other), Other, true),
        new("assigned mentor", 'M', () => TestTokens.ForUser(Roles.Mentor, "mentor-assigned", Own), Own, false),
        new("unassigned mentor", 'M', () => TestTokens.ForUser(Roles.Mentor, "mentor-stranger", Own), Own, true),
        new("evaluator", 'E', () => TestTokens.For(Roles.Evaluator, Own), Own, false),
        new("administrator", 'A', () => TestTokens.For(Roles.Administrator, Own), Own, false),
    ];

    /// <summary>A case with something of everything, so every operation has something valid to act on.</summary>
    private sealed record Given(
        Guid CaseId, string Reference, long Version, Guid OpenBarrier, Guid SecondBarrier, Guid Intervention, Guid Outcome, Guid Programme);

    /// <summary>A call; OutOfReach, where given, says whom its object is hidden from instead of the case's reach.</summary>
    private sealed record Call(string Method, string Url, object? Body, bool CaseSpecific = true, bool ClosedFirst = false,
        Func<Asker, bool>? OutOfReach = null);

    private static readonly object Programme = new
    {
        name = "Helhedsindsats", targetGroup = "adult", riskFactors = new[] { "adult.mental-illness" },
        cells = new[] { new { factor = "adult.mental-illness", level = "individual" } },
    };

    private static readonly Dictionary<string, Func<Given, Call>> Calls = new()
    {
        ["getCatalogue"] = _ => new("GET", "/api/catalogue", null, CaseSpecific: false),
        ["openCase"] = _ => new("POST", "/api/cases", new { citizenReference = CaseScenarios.Reference(), targetGroup = "adult" }, CaseSpecific: false),
        ["getCase"] = g => new("GET", $"/api/cases/{g.CaseId}", null),
        ["getCaseMatrix"] = g => new("GET", $"/api/cases/{g.CaseId}/matrix", null),
        ["getCaseReads"] = g => new("GET", $"/api/cases/{g.CaseId}/reads", null),
        ["getCaseTimeline"] = g => new("GET", $"/api/cases/{g.CaseId}/timeline", null),
        ["getCaseSuggestions"] = g => new("GET", $"/api/cases/{g.CaseId}/suggestions", null),
        ["registerRiskFactor"] = g => Command(g, "risk-factors", new { factor = "adult.crime" }),
        ["clearRiskFactor"] = g => Command(g, "risk-factors/clear", new { factor = "adult.disability" }),
        ["identifyBarrier"] = g => Command(g, "barriers", new { factor = "adult.mental-illness", level = "individual", description = "x", serviceArea = "health" }),
        ["resolveBarrier"] = g => Command(g, "barriers/resolve", new { barrierId = g.SecondBarrier }),
        ["assignMentor"] = g => Command(g, "mentors", new { mentorId = "mentor-new" }),
        ["unassignMentor"] = g => Command(g, "mentors/unassign", new { mentorId = "mentor-assigned" }),
        ["startIntervention"] = g => Command(g, "interventions", new { catalogueIntervention = "adult.ips", barriers = new[] { g.OpenBarrier }, serviceArea = "employment", provider = "p" }),
        ["completeIntervention"] = g => Command(g, "interventions/complete", new { interventionId = g.Intervention }),
        ["dropOutOfIntervention"] = g => Command(g, "interventions/drop-out", new { interventionId = g.Intervention, reason = "r" }),
        ["measureProgression"] = g => Command(g, "measurements", new
        {
            instrument = "boligsocial-progression-goals", measuredBy = "m",
            scores = new Dictionary<string, decimal> { ["labour-market-education-mastery"] = 5, ["job-education-search-skills"] = 5, ["everyday-mastery"] = 5 },
        }),
        ["reachOutcome"] = g => Command(g, "outcomes", new { kind = "flex-job" }),
        ["recordOutcomeRetained"] = g => Command(g, "outcomes/retained", new { outcomeId = g.Outcome, checkpointMonths = 3 }),
        ["recordOutcomeLost"] = g => Command(g, "outcomes/lost", new { outcomeId = g.Outcome }),
        ["closeCase"] = g => Command(g, "close", new { reason = "done" }),
        ["reopenCase"] = g => Command(g, "reopen", new { }) with { ClosedFirst = true },
        ["recordCitizenIdentity"] = g => new("PUT", $"/api/citizens/{g.Reference}/identity", new { name = "Test Person" }),
        ["getCitizenIdentity"] = g => new("GET", $"/api/citizens/{g.Reference}/identity", null),
        ["eraseCitizen"] = g => new("POST", $"/api/citizens/{g.Reference}/erasure", new { reason = "request from the citizen" }),
        ["assessProgramme"] = _ => new("POST", "/api/programmes/assessment", Programme, CaseSpecific: false),
        ["saveProgramme"] = _ => new("POST", "/api/programmes", new { programme = Programme }, CaseSpecific: false),
        ["listProgrammes"] = _ => new("GET", "/api/programmes", null, CaseSpecific: false),
        // A programme the municipality's coordinators keep: not another municipality's, nor an evaluator's.
        ["getProgramme"] = g => new("GET", $"/api/programmes/{g.Programme}", null,
            OutOfReach: a => a.Municipality != Own || a.Role == 'E'),
    };

    private static Call Command(Given g, string path, object body)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(body, System.Text.Json.JsonSerializerOptions.Web)!.AsObject();
        json["expectedVersion"] = g.Version;
        return new("POST", $"/api/cases/{g.CaseId}/{path}", json);
    }

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var operation in Rights.Keys)
            foreach (var asker in Askers) rows.Add(operation, asker.Name);
        return rows;
    }

    [Fact]
    public void Every_endpoint_of_the_service_is_in_the_matrix() =>
        Assert.Equal(AccessRules.RolesByOperation.Keys.Order(), Rights.Keys.Order());

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Role_operation_and_tenant(string operation, string askerName)
    {
        var asker = Askers.Single(a => a.Name == askerName);
        var given = await GivenCase(closed: Calls[operation](Placeholder).ClosedFirst);
        var call = Calls[operation](given);
        var expected = asker.Role is not { } role ? 401
            : !Rights[operation].Contains(role) ? 403
            : call.OutOfReach?.Invoke(asker) ?? (call.CaseSpecific && asker.CaseOutOfReach) ? 404
            : 200;
        var before = await Snapshot(given.CaseId);

        var answer = await app.Host.Send(call.Method, call.Url, call.Body, asker.Municipality, token: asker.Token());

        if (expected == 200) Assert.True(answer.Status is >= 200 and < 300, $"{askerName} on {operation}: expected success, got {answer.Status} {answer.Body}");
        else
        {
            Assert.True(expected == answer.Status, $"{askerName} on {operation}: expected {expected}, got {answer.Status} {answer.Body}");
            Assert.Equal(before, await Snapshot(given.CaseId));
        }
    }

    private static readonly Given Placeholder = new(Guid.Empty, "", 0, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty);

    private async Task<Given> GivenCase(bool closed)
    {
        var host = app.Host;
        var reference = CaseScenarios.Reference();
        var opened = await host.Post("/api/cases", new { citizenReference = reference, targetGroup = "adult", happenedAt = DateTimeOffset.UtcNow.AddDays(-100) });
        var caseId = opened.Body.GetProperty("caseId").GetGuid();
        await host.Record(caseId, "risk-factors", new { factor = "adult.mental-illness" });
        await host.Record(caseId, "risk-factors", new { factor = "adult.disability" });
        var barrier = new { factor = "adult.mental-illness", level = "individual", catalogueBarrier = "adult.mental-illness.individual.1", serviceArea = "health" };
        var first = (await host.Record(caseId, "barriers", barrier)).Id;
        var second = (await host.Record(caseId, "barriers", barrier with { catalogueBarrier = "adult.mental-illness.individual.2" })).Id;
        await host.Record(caseId, "mentors", new { mentorId = "mentor-assigned" });
        var intervention = (await host.Record(caseId, "interventions", new { catalogueIntervention = "adult.ips", barriers = new[] { first }, serviceArea = "employment", provider = "p" })).Id;
        var outcome = (await host.Record(caseId, "outcomes", new { kind = "ordinary-job", happenedAt = DateTimeOffset.UtcNow.AddDays(-80) })).Id;
        await host.Send("PUT", $"/api/citizens/{reference}/identity", new { name = "Test Person" });
        var programme = (await host.Post("/api/programmes", new { programme = Programme })).Body.GetProperty("id").GetGuid();
        var last = closed ? await host.Record(caseId, "close", new { reason = "done" }) : null;
        var version = last?.Version ?? (await host.Get($"/api/cases/{caseId}")).Version;
        return new Given(caseId, reference, version, first, second, intervention, outcome, programme);
    }

    /// <summary>What a refusal must leave untouched: the stream, the case view, the identity, streams and programmes.</summary>
    private async Task<string> Snapshot(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select (select count(*) from progression.mt_streams)::text || '|' ||
                   (select coalesce(string_agg(d.data::text, ','), '') from progression.mt_doc_citizenidentity d) || '|' ||
                   (select count(*) from progression.mt_doc_savedprogramme)::text
            """, connection);
        return await CaseScenarios.StoredStream(app.ConnectionString, caseId) + await command.ExecuteScalarAsync();
    }
}
