using System.Text.Json;
using Npgsql;
using Progression.Tests.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Cases;

/// <summary>Follow-ups are derived from the case and recorded by a sweep when due; they show on the case until settled.</summary>
public class FollowUpTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly Dictionary<string, decimal> Scores = new()
    {
        ["labour-market-education-mastery"] = 4, ["job-education-search-skills"] = 4, ["everyday-mastery"] = 4,
    };

    [Fact]
    public async Task A_measurement_follow_up_fires_when_due_and_the_next_measurement_clears_it()
    {
        // Time is controlled through happened-at: measured 100 days ago, the 91-day follow-up is already due.
        var caseId = await app.Host.OpenedCase(happenedAt: DateTimeOffset.UtcNow.AddDays(-200));
        var measuredAt = DateTimeOffset.UtcNow.AddDays(-100);
        await app.Host.Record(caseId, "measurements", new { instrument = "boligsocial-progression-goals", measuredBy = "m", scores = Scores, happenedAt = measuredAt });

        var due = await Eventually(caseId, view => view.GetProperty("dueFollowUps").GetArrayLength() == 1);
        var followUp = due.GetProperty("dueFollowUps")[0];
        Assert.Equal("measurement", followUp.GetProperty("kind").GetString());
        Assert.Equal("boligsocial-progression-goals", followUp.GetProperty("instrument").GetString());
        Assert.Equal(measuredAt.AddDays(91), followUp.GetProperty("dueAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        // Lists show it: the case is overdue since the follow-up fell due.
        var overdue = (await app.Host.Graph("{ cases(first: 100, where: { overdue: true }) { nodes { id overdueSince nextFollowUpAt } } }",
            TestTokens.Coordinator("0101"))).Data("cases").GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == caseId.ToString());
        Assert.Equal(measuredAt.AddDays(91), overdue.GetProperty("overdueSince").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(JsonValueKind.Null, overdue.GetProperty("nextFollowUpAt").ValueKind);

        var settledAt = DateTimeOffset.UtcNow;
        await app.Host.Record(caseId, "measurements", new { instrument = "boligsocial-progression-goals", measuredBy = "m", scores = Scores, happenedAt = settledAt });
        Assert.Equal(0, (await app.Host.Get($"/api/cases/{caseId}")).Body.GetProperty("dueFollowUps").GetArrayLength());
        var settled = (await app.Host.Graph("{ cases(first: 100, where: { overdue: false }) { nodes { id overdueSince nextFollowUpAt } } }",
            TestTokens.Coordinator("0101"))).Data("cases").GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == caseId.ToString());
        Assert.Equal(settledAt.AddDays(91), settled.GetProperty("nextFollowUpAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Retention_checks_fall_due_at_3_and_6_months_and_the_recorded_result_clears_one()
    {
        var caseId = await app.Host.OpenedCase(happenedAt: DateTimeOffset.UtcNow.AddMonths(-9));
        var outcome = (await app.Host.Record(caseId, "outcomes", new { kind = "ordinary-job", happenedAt = DateTimeOffset.UtcNow.AddMonths(-7) })).Id;

        var due = await Eventually(caseId, view => view.GetProperty("dueFollowUps").GetArrayLength() == 2);
        Assert.Equal([3, 6], due.GetProperty("dueFollowUps").EnumerateArray().Select(f => f.GetProperty("checkpointMonths").GetInt32()).Order());

        await app.Host.Record(caseId, "outcomes/retained", new { outcomeId = outcome, checkpointMonths = 3 });
        var after = (await app.Host.Get($"/api/cases/{caseId}")).Body.GetProperty("dueFollowUps");
        Assert.Equal([6], after.EnumerateArray().Select(f => f.GetProperty("checkpointMonths").GetInt32()));
    }

    [Fact]
    public async Task A_follow_up_not_yet_due_waits_as_the_case_lists_next_due_date()
    {
        var caseId = await app.Host.OpenedCase(happenedAt: DateTimeOffset.UtcNow.AddDays(-10));
        var reachedAt = DateTimeOffset.UtcNow.AddDays(-1);
        await app.Host.Record(caseId, "outcomes", new { kind = "flex-job", happenedAt = reachedAt });

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select next_follow_up_at from progression.case_list where id = $1", connection)
        {
            Parameters = { new() { Value = caseId } },
        };
        Assert.Equal(reachedAt.AddMonths(3), (DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, (await app.Host.Get($"/api/cases/{caseId}")).Body.GetProperty("dueFollowUps").GetArrayLength());
    }

    /// <summary>Waits for the follow-up sweep (it runs in the background) with a deadline, not a fixed sleep.</summary>
    private async Task<JsonElement> Eventually(Guid caseId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var view = (await app.Host.Get($"/api/cases/{caseId}")).Body;
            if (condition(view)) return view;
            Assert.True(DateTime.UtcNow < deadline, $"the follow-up did not show within 30 s: {view.GetProperty("dueFollowUps")}");
            await Task.Delay(100);
        }
    }
}
