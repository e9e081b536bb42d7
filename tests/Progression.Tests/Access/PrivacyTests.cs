using System.Text.Json;
using Npgsql;
using Progression.Api.Access;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Access;

/// <summary>
/// The citizen's personal data: erasure that leaves no identifier in any table while the anonymous course of the case
/// stays, the identity store apart from the events, the audit of every read, and responses no cache keeps.
/// </summary>
public class PrivacyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly Alba.IAlbaHost _host = app.Host;
    private static readonly string Administrator = TestTokens.For(Roles.Administrator, CaseScenarios.Municipality);
    private static readonly string Mentor = TestTokens.For(Roles.Mentor, CaseScenarios.Municipality);

    [Fact]
    public async Task Erasure_leaves_no_identifier_anywhere_in_the_database_while_the_course_of_the_case_stays()
    {
        var markers = new List<string>();
        string Marker(string what)
        {
            markers.Add($"Zq{what}Marker");
            return markers[^1];
        }

        var reference = CaseScenarios.Reference();
        var caseId = await OpenedCaseOf(reference);
        var identity = new
        {
            name = "Xanthippe Quibblesworth", cpr = "010203-1234", phone = "+45 98 76 54 32",
            email = "xanthippe.q@zqmail.example", address = "Zqvej 17, 9999 Quibbleby",
        };
        Assert.Equal(204, (await _host.Send("PUT", $"/api/citizens/{reference}/identity", identity)).Status);
        var keyed = await _host.Post($"/api/cases/{caseId}/risk-factors",
            new { factor = "adult.economic-problems", note = $"Told us {Marker("FactorNote")}", expectedVersion = 1 },
            headers: new Dictionary<string, string> { ["Idempotency-Key"] = Marker("IdempotencyKey") });
        Assert.Equal(200, keyed.Status);
        await _host.Record(caseId, "risk-factors", new { factor = "adult.crime" });
        await _host.Record(caseId, "risk-factors/clear", new { factor = "adult.crime", note = Marker("ClearNote") });
        var barrier = (await _host.Record(caseId, "barriers", new
        {
            factor = "adult.economic-problems", level = "individual", description = $"Debt to {Marker("Description")}", serviceArea = "social",
        })).Id;
        var completed = (await _host.Record(caseId, "interventions", Counselling(barrier))).Id;
        await _host.Record(caseId, "interventions/complete", new { interventionId = completed, note = Marker("CompleteNote") });
        var dropped = (await _host.Record(caseId, "interventions", Counselling(barrier))).Id;
        await _host.Record(caseId, "interventions/drop-out", new { interventionId = dropped, reason = Marker("DropOutReason") });
        await _host.Record(caseId, "barriers/resolve", new { barrierId = barrier, note = Marker("ResolveNote") });
        var job = (await _host.Record(caseId, "outcomes", new { kind = "ordinary-job", note = Marker("OutcomeNote") })).Id;
        await _host.Record(caseId, "outcomes/lost", new { outcomeId = job, reason = Marker("LostReason") });
        await _host.Record(caseId, "close", new { reason = Marker("CloseReason") });
        await _host.Record(caseId, "reopen", new { reason = Marker("ReopenReason") });
        var purpose = Purpose($"Phone call with {Marker("Purpose")}");
        Assert.Equal(200, (await _host.Send("GET", $"/api/cases/{caseId}", null, headers: purpose)).Status);
        Assert.Equal(200, (await _host.Send("GET", $"/api/cases/{caseId}/matrix", null, headers: purpose)).Status);

        string[] identifiers = [identity.name, "0102031234", identity.cpr, identity.phone, identity.email, identity.address, reference, .. markers];
        // The search must find them before the erasure, or finding none afterwards proves nothing (the CPR number is stored with its dash).
        Assert.Empty(identifiers.Except(["0102031234"]).Except((await WhereStored(identifiers)).Select(hit => hit.Text)));
        var eventsBefore = await EventTypes(caseId);
        var viewBefore = (await _host.Get($"/api/cases/{caseId}")).Body;
        var purposefulReads = (await _host.Get($"/api/cases/{caseId}/reads")).Body.EnumerateArray()
            .Where(r => r.GetProperty("purpose").GetString()?.Contains("ZqPurposeMarker") == true).ToList();
        Assert.Equal(2, purposefulReads.Count);

        var erased = await _host.Post($"/api/citizens/{reference}/erasure", new { reason = "The citizen asked (GDPR art. 17)" }, token: Administrator);
        Assert.Equal(200, erased.Status);
        Assert.Equal([caseId], erased.Body.GetProperty("cases").EnumerateArray().Select(c => c.GetGuid()));

        Assert.Empty(await WhereStored(identifiers));
        Assert.Equal(eventsBefore, await EventTypes(caseId));
        var viewAfter = (await _host.Get($"/api/cases/{caseId}")).Body;
        Assert.Equal("[erased]", viewAfter.GetProperty("citizenReference").GetString());
        Assert.Equal(viewBefore.GetProperty("version").GetInt64(), viewAfter.GetProperty("version").GetInt64());
        Assert.Equal("The citizen asked (GDPR art. 17)", erased.Body.GetProperty("reason").GetString());
        var afterwards = await _host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", note = "new text", expectedVersion = viewAfter.GetProperty("version").GetInt64() });
        Assert.Equal((409, "case"), (afterwards.Status, afterwards.Fields.Single()));
        Assert.Equal(Course(viewBefore), Course(viewAfter));
        Assert.Equal([2, 1, 2, 1], new[] { "riskFactors", "barriers", "interventions", "outcomes" }.Select(p => viewAfter.GetProperty(p).GetArrayLength()));
        var readsAfter = (await _host.Get($"/api/cases/{caseId}/reads")).Body.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetGuid());
        foreach (var read in purposefulReads)
        {
            var kept = readsAfter[read.GetProperty("id").GetGuid()];
            Assert.Equal(read.GetProperty("userId").GetString(), kept.GetProperty("userId").GetString());
            Assert.Equal(read.GetProperty("what").GetString(), kept.GetProperty("what").GetString());
            Assert.Equal(read.GetProperty("at").GetDateTimeOffset(), kept.GetProperty("at").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Null, kept.GetProperty("purpose").ValueKind);
        }
    }

    [Fact]
    public async Task Only_an_administrator_of_the_municipality_erases_and_only_what_exists()
    {
        var reference = CaseScenarios.Reference();
        var caseId = await OpenedCaseOf(reference);
        Assert.Equal(204, (await _host.Send("PUT", $"/api/citizens/{reference}/identity", new { name = "Ottoline Zqvarnish" })).Status);
        var stored = await CaseScenarios.StoredStream(app.ConnectionString, caseId);
        var erasure = new { reason = "Asked to" };

        foreach (var role in new[] { Roles.Coordinator, Roles.Mentor, Roles.Evaluator })
            Assert.Equal(403, (await _host.Post($"/api/citizens/{reference}/erasure", erasure, token: TestTokens.For(role, "0101"))).Status);
        Assert.Equal(404, (await _host.Post($"/api/citizens/{reference}/erasure", erasure, "0751", token: TestTokens.For(Roles.Administrator, "0751"))).Status);
        Assert.Equal(404, (await _host.Post($"/api/citizens/{CaseScenarios.Reference()}/erasure", erasure, token: Administrator)).Status);

        Assert.Equal(stored, await CaseScenarios.StoredStream(app.ConnectionString, caseId));
        Assert.Equal([("Ottoline Zqvarnish", "progression.mt_doc_citizenidentity")], await WhereStored("Ottoline Zqvarnish"));
    }

    [Fact]
    public async Task The_identity_is_kept_apart_from_the_events_and_refused_to_all_but_coordinators()
    {
        var reference = CaseScenarios.Reference();
        var url = $"/api/citizens/{reference}/identity";
        Assert.Equal(404, (await _host.Send("PUT", url, new { name = "Nobody Zqknown" })).Status);

        await OpenedCaseOf(reference);
        var badCpr = await _host.Send("PUT", url, new { name = "Philomena Zqworthington", cpr = "31-12-99" });
        Assert.Equal(400, badCpr.Status);
        Assert.Equal(["cpr"], badCpr.Fields);
        Assert.Equal(204, (await _host.Send("PUT", url, new { name = "Philomena Zqworthington", cpr = "311299-9999" })).Status);
        Assert.Equal([("Philomena Zqworthington", "progression.mt_doc_citizenidentity")], await WhereStored("Philomena Zqworthington"));

        Assert.Equal(404, (await _host.Send("PUT", url, new { name = "Someone Else" }, "0751")).Status);
        foreach (var role in new[] { Roles.Mentor, Roles.Evaluator, Roles.Administrator })
        {
            Assert.Equal(403, (await _host.Get(url, token: TestTokens.For(role, "0101"))).Status);
            Assert.Equal(403, (await _host.Send("PUT", url, new { name = "Someone Else" }, token: TestTokens.For(role, "0101"))).Status);
        }
    }

    [Fact]
    public async Task Coordinators_of_the_municipality_read_the_identity_every_read_audited_until_erasure()
    {
        var reference = CaseScenarios.Reference();
        var caseId = await OpenedCaseOf(reference);
        var url = $"/api/citizens/{reference}/identity";
        Assert.Equal(204, (await _host.Send("PUT", url, new { name = "Philippa Zqreadable", cpr = "010203-1234" })).Status);

        var read = await _host.Send("GET", url, null, headers: Purpose("Calling ZqIdentityPurposeMarker"));
        Assert.Equal(200, read.Status);
        Assert.Equal(("Philippa Zqreadable", "010203-1234", "coordinator-0101"), (Text(read.Body, "name"), Text(read.Body, "cpr"), Text(read.Body, "recordedBy")));
        Assert.Equal(404, (await _host.Get(url, "0751")).Status);
        var audit = (await _host.Get($"/api/cases/{caseId}/reads")).Body[0];
        Assert.Equal(("citizen identity", "coordinator-0101", "coordinator", "Calling ZqIdentityPurposeMarker"),
            (Text(audit, "what"), Text(audit, "userId"), Text(audit, "roles"), Text(audit, "purpose")));

        Assert.Equal(200, (await _host.Post($"/api/citizens/{reference}/erasure", new { reason = "Asked to" }, token: Administrator)).Status);
        Assert.Equal(404, (await _host.Get(url)).Status);
        Assert.Empty(await WhereStored("Philippa Zqreadable", "ZqIdentityPurposeMarker"));
        var kept = (await _host.Get($"/api/cases/{caseId}/reads")).Body.EnumerateArray().Single(r => Text(r, "what") == "citizen identity");
        Assert.Equal(audit.GetProperty("at").GetDateTimeOffset(), kept.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("purpose").ValueKind);
    }

    [Fact]
    public async Task An_erasure_that_fails_half_way_can_be_repeated_until_nothing_is_left()
    {
        var reference = CaseScenarios.Reference();
        var caseId = await OpenedCaseOf(reference);
        await _host.Record(caseId, "close", new { reason = "ZqHalfwayMarker" });
        // The database refuses to mask this stream's events, as a crash or a lost connection after the first step would.
        await Execute($"""
            create function progression.refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$;
            create trigger refuse_masking before update on progression.mt_events for each row
                when (old.stream_id = '{caseId}') execute function progression.refuse();
            """);
        try
        {
            Assert.Equal(500, (await _host.Post($"/api/citizens/{reference}/erasure", new { reason = "Asked to" }, token: Administrator)).Status);
        }
        finally
        {
            await Execute("drop trigger refuse_masking on progression.mt_events; drop function progression.refuse();");
        }

        Assert.Equal(200, (await _host.Post($"/api/citizens/{reference}/erasure", new { reason = "Asked to" }, token: Administrator)).Status);
        Assert.Empty(await WhereStored(reference, "ZqHalfwayMarker"));
    }

    [Fact]
    public async Task Every_read_of_a_case_leaves_who_what_when_and_why_and_writes_leave_none()
    {
        var caseId = await _host.OpenedCase();
        await _host.Record(caseId, "mentors", new { mentorId = "mentor-audit" });
        var assignedMentor = TestTokens.ForUser(Roles.Mentor, "mentor-audit", "0101");

        var version = (await _host.Send("GET", $"/api/cases/{caseId}", null, headers: Purpose("Preparing the meeting"))).Version;
        Assert.Equal(200, (await _host.Send("GET", $"/api/cases/{caseId}/matrix", null, headers: Purpose("Planning"), token: assignedMentor)).Status);
        Assert.Equal(200, (await _host.Get($"/api/cases/{caseId}?version=1", token: assignedMentor)).Status);

        var reads = (await _host.Get($"/api/cases/{caseId}/reads")).Body.EnumerateArray().ToList();
        Assert.Equal(
            [
                ("case as of version 1", "mentor-audit", "mentor", null),
                ("matrix", "mentor-audit", "mentor", "Planning"),
                ("case", "coordinator-0101", "coordinator", "Preparing the meeting"),
            ],
            reads.Take(3).Select(r => (Text(r, "what"), Text(r, "userId"), Text(r, "roles"), Text(r, "purpose"))));
        var times = reads.Select(r => r.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.True(times[0] > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(403, (await _host.Get($"/api/cases/{caseId}/reads", token: assignedMentor)).Status);

        Assert.Equal(200, (await _host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", expectedVersion = version })).Status);
        Assert.Equal(reads.Count, (await _host.Get($"/api/cases/{caseId}/reads")).Body.GetArrayLength());
    }

    [Fact]
    public async Task Api_answers_are_kept_by_no_cache_and_readable_by_no_other_origin()
    {
        var caseId = await _host.OpenedCase();
        var origin = new Dictionary<string, string> { ["Origin"] = "https://elsewhere.example" };
        Answer[] answers =
        [
            await _host.Send("GET", $"/api/cases/{caseId}", null, headers: origin),
            await _host.Send("GET", $"/api/cases/{Guid.NewGuid()}", null, headers: origin),
            await _host.Send("POST", $"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime" }, headers: origin),
            await _host.Send("GET", $"/api/cases/{caseId}", null, headers: origin, token: CaseScenarios.Anonymous),
            await _host.Send("GET", $"/api/cases/{caseId}/reads", null, headers: origin, token: Mentor),
        ];
        Assert.Equal([200, 404, 428, 401, 403], answers.Select(a => a.Status));
        Assert.All(answers, a => Assert.Equal("no-store", a.Header("Cache-Control")));
        Assert.All(answers, a => Assert.Null(a.Header("Access-Control-Allow-Origin")));

        Assert.Equal(200, (await _host.Send("GET", "/health", null, municipality: null, token: CaseScenarios.Anonymous)).Status);
    }

    private async Task<Guid> OpenedCaseOf(string reference)
    {
        var opened = await _host.Post("/api/cases", new { citizenReference = reference, targetGroup = "adult", services = new[] { "employment" } });
        Assert.Equal(201, opened.Status);
        return opened.Body.GetProperty("caseId").GetGuid();
    }

    private static object Counselling(Guid barrier) =>
        new { catalogueIntervention = "adult.gaeldsraadgivning", barriers = new[] { barrier }, serviceArea = "social", provider = "Gældsrådgivningen" };

    private static Dictionary<string, string> Purpose(string purpose) => new() { ["X-Purpose"] = purpose };

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();

    /// <summary>What erasure must keep: status, factors, barriers, interventions and outcomes, and how each stands.</summary>
    private static string[] Course(JsonElement view) =>
    [
        $"status {view.GetProperty("status")}",
        .. view.GetProperty("riskFactors").EnumerateArray().Select(f => $"factor {f.GetProperty("factor")} cleared {f.GetProperty("clearedAt")}"),
        .. view.GetProperty("barriers").EnumerateArray().Select(b =>
            $"barrier {b.GetProperty("id")} {b.GetProperty("factor")} × {b.GetProperty("level")} resolved {b.GetProperty("resolvedAt")}"),
        .. view.GetProperty("interventions").EnumerateArray().Select(i =>
            $"intervention {i.GetProperty("id")} {i.GetProperty("catalogueIntervention")} {i.GetProperty("status")} ended {i.GetProperty("endedAt")}"),
        .. view.GetProperty("outcomes").EnumerateArray().Select(o => $"outcome {o.GetProperty("id")} {o.GetProperty("kind")} {o.GetProperty("status")}"),
    ];

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> EventTypes(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select type from progression.mt_events where stream_id = $1 order by version", connection)
        {
            Parameters = { new() { Value = caseId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var types = new List<string>();
        while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        return types;
    }

    /// <summary>
    /// Which of the texts occur (case-insensitively) anywhere in a row of any base table of any schema of the
    /// database, and where: the whole row as text, and bytea columns (message bodies) decoded as well.
    /// </summary>
    private async Task<List<(string Text, string Table)>> WhereStored(params string[] texts)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Name, string[] ByteColumns)>();
        await using (var list = new NpgsqlCommand("""
            select format('%I.%I', t.table_schema, t.table_name),
                   array(select format('%I', c.column_name) from information_schema.columns c
                         where c.table_schema = t.table_schema and c.table_name = t.table_name and c.data_type = 'bytea')
            from information_schema.tables t
            where t.table_type = 'BASE TABLE' and t.table_schema not in ('pg_catalog', 'information_schema')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetFieldValue<string[]>(1)));
        Assert.Contains(tables, t => t.Name == "progression.mt_events");

        var hits = new List<(string, string)>();
        foreach (var (table, byteColumns) in tables)
        {
            var row = string.Join(" || ", ["t::text", .. byteColumns.Select(c => $"coalesce(encode(t.{c}, 'escape'), '')")]);
            await using var search = new NpgsqlCommand(
                $"select text from unnest($1::text[]) text where exists (select from {table} t where {row} ilike '%' || text || '%')", connection)
            {
                Parameters = { new() { Value = texts } },
            };
            await using var reader = await search.ExecuteReaderAsync();
            while (await reader.ReadAsync()) hits.Add((reader.GetString(0), table));
        }
        return hits;
    }
}
