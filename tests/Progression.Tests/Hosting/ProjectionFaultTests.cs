using System.Text.Json;
using Npgsql;
using Progression.Tests.Cases;
using Progression.Tests.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

/// <summary>
/// An event the CaseFacts projection cannot read stops it where it is, visibly: readiness fails naming the projection
/// and the kind of fault, and the dashboards' own answer says their figures stopped before it, rather than a case
/// quietly missing from them.
/// </summary>
public class ProjectionFaultTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string Coordinator = TestTokens.Coordinator("0101");

    private const string Dashboard =
        "{ matrix(group: \"adult\") { factor level identified } freshness { state stopped failure projectedThrough behind } }";

    [Fact]
    public async Task An_event_the_projection_cannot_read_stops_it_and_readiness_and_freshness_say_so()
    {
        await CaseWithBarrier();
        await CaughtUp();
        Assert.Equal(1, Identified(await app.Host.Graph(Dashboard, Coordinator)));

        var poisoned = await PoisonedEventAsync();
        await CaseWithBarrier();

        var ready = await EventuallyUnready();
        var projection = ready.GetProperty("checks").GetProperty("projection");
        Assert.Equal("Unhealthy", projection.GetProperty("status").GetString());
        var data = projection.GetProperty("data");
        Assert.Equal("CaseFacts", data.GetProperty("projection").GetString());
        Assert.Contains(data.GetProperty("state").GetString(), new[] { "Paused", "Stopped" });
        Assert.Equal("EventSerialization", data.GetProperty("failure").GetString());
        Assert.Equal(poisoned, data.GetProperty("failedAtSequence").GetInt64());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!, ready.ToString());

        Assert.Equal(503, (await app.Host.Get("/health", token: CaseScenarios.Anonymous)).Status);
        Assert.Equal(200, (await app.Host.Get("/health/live", token: CaseScenarios.Anonymous)).Status);

        // The second case is not in the heatmap, and the same answer says the figures stopped before it.
        var answer = await app.Host.Graph(Dashboard, Coordinator);
        Assert.Equal(1, Identified(answer));
        var freshness = answer.Data("freshness");
        Assert.True(freshness.GetProperty("stopped").GetBoolean(), $"{freshness}");
        Assert.Contains(freshness.GetProperty("state").GetString(), new[] { "PAUSED", "STOPPED" });
        Assert.Equal("EventSerialization", freshness.GetProperty("failure").GetString());
        Assert.True(freshness.GetProperty("projectedThrough").GetInt64() < poisoned, $"{freshness}");
        Assert.True(freshness.GetProperty("behind").GetInt64() > 1, $"{freshness}");
    }

    private async Task CaseWithBarrier()
    {
        var caseId = await app.Host.OpenedCase();
        await app.Host.Record(caseId, "risk-factors", new { factor = "adult.mental-illness" });
        await app.Host.Record(caseId, "barriers", new
        {
            factor = "adult.mental-illness", level = "individual", catalogueBarrier = "adult.mental-illness.individual.1", serviceArea = "health",
        });
    }

    private static int? Identified(Answer answer) => answer.Data("matrix").EnumerateArray()
        .Single(c => c.GetProperty("factor").GetString() == "adult.mental-illness" && c.GetProperty("level").GetString() == "individual")
        .GetProperty("identified") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;

    /// <summary>
    /// A case opened by hand in SQL with a body no reader can take (a date that is not one), as a faulty migration or
    /// a repair script would leave it: the store accepts it, the projection cannot.
    /// </summary>
    private async Task<long> PoisonedEventAsync()
    {
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "with stream as (insert into progression.mt_streams (id, tenant_id, type, version) values ($1, '0101', 'case', 1) returning id) "
            + "insert into progression.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp) "
            + "select nextval('progression.mt_events_sequence'), gen_random_uuid(), id, 1, $2::jsonb, 'case_opened', '0101', now() "
            + "from stream returning seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = JsonSerializer.Serialize(new
            {
                caseId = id, targetGroup = "adult", services = Array.Empty<string>(), municipality = "0101",
                citizenReference = CaseScenarios.Reference(), happenedAt = "not a date",
            }),
        });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task CaughtUp()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await app.Host.Graph("{ freshness { behind } }", Coordinator)).Data("freshness").GetProperty("behind").GetInt64() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the projection did not catch up");
            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> EventuallyUnready()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var ready = await app.Host.Get("/health/ready", token: CaseScenarios.Anonymous);
            if (ready.Status == 503) return ready.Body;
            Assert.True(DateTime.UtcNow < deadline, $"readiness stayed {ready.Status}: {ready.Body}");
            await Task.Delay(200);
        }
    }
}
