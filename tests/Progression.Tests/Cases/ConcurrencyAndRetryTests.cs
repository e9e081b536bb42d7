using System.Net.Http.Json;
using System.Text.Json;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Cases;

public class ConcurrencyAndRetryTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Two_writers_released_together_on_one_stream_one_wins_the_other_gets_409()
    {
        var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Municipality", CaseScenarios.Municipality);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Coordinator(CaseScenarios.Municipality));
        for (var round = 0; round < 5; round++)
        {
            var caseId = await app.Host.OpenedCase();
            var gate = new TaskCompletionSource();
            var writers = new[] { "mentor-a", "mentor-b" }.Select(async mentor =>
            {
                await gate.Task;
                var response = await client.PostAsJsonAsync($"/api/cases/{caseId}/mentors", new { mentorId = mentor, expectedVersion = 1 });
                return (int)response.StatusCode;
            }).ToList();
            gate.SetResult();
            var statuses = await Task.WhenAll(writers);

            Assert.Equal([200, 409], statuses.Order());
            var view = (await app.Host.Get($"/api/cases/{caseId}")).Body;
            Assert.Equal(2, view.GetProperty("version").GetInt64());
            Assert.Equal(1, view.GetProperty("mentors").GetArrayLength());
        }
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_answer_and_appends_once()
    {
        var caseId = await app.Host.OpenedCase();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "outcome-" + caseId };
        var command = new { kind = "education-started", expectedVersion = 1 };

        var first = await app.Host.Post($"/api/cases/{caseId}/outcomes", command, headers: key);
        var before = await CaseScenarios.StoredStream(app.ConnectionString, caseId);
        var retry = await app.Host.Post($"/api/cases/{caseId}/outcomes", command, headers: key);

        Assert.Equal((200, 200), (first.Status, retry.Status));
        Assert.Equal(first.Body.ToString(), retry.Body.ToString());
        Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, caseId));
        Assert.Equal(2, (await app.Host.Get($"/api/cases/{caseId}")).Version);

        var reused = await app.Host.Post($"/api/cases/{caseId}/outcomes", command with { kind = "flex-job" }, headers: key);
        Assert.Equal(422, reused.Status);
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, caseId));
    }

    [Fact]
    public async Task Opening_a_case_twice_with_one_idempotency_key_opens_one_case()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var command = new { citizenReference = "ref-idem-1", targetGroup = "youth" };

        var first = await app.Host.Post("/api/cases", command, headers: key);
        var retry = await app.Host.Post("/api/cases", command, headers: key);

        Assert.Equal((201, 201), (first.Status, retry.Status));
        var caseId = first.Body.GetProperty("caseId").GetGuid();
        Assert.Equal(caseId, retry.Body.GetProperty("caseId").GetGuid());
        Assert.Equal(1, (await app.Host.Get($"/api/cases/{caseId}")).Version);
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand(
            "select count(*) from progression.mt_events where data->>'citizenReference' = 'ref-idem-1'", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task If_match_carries_the_expected_version()
    {
        var caseId = await app.Host.OpenedCase();
        var stale = await app.Host.Post($"/api/cases/{caseId}/mentors", new { mentorId = "m1" }, headers: new Dictionary<string, string> { ["If-Match"] = "\"7\"" });
        Assert.Equal(409, stale.Status);
        Assert.Equal(1, stale.Body.GetProperty("currentVersion").GetInt64());

        var fresh = await app.Host.Post($"/api/cases/{caseId}/mentors", new { mentorId = "m1" }, headers: new Dictionary<string, string> { ["If-Match"] = "\"1\"" });
        Assert.Equal(200, fresh.Status);
        Assert.Equal(2, fresh.Version);
    }
}
