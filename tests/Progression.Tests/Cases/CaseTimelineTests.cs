using System.Text.Json;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Cases;

/// <summary>GET /api/cases/{id}/timeline: every event of a case, for the people who may read the case.</summary>
public class CaseTimelineTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Every_event_says_what_happened_when_it_happened_when_it_was_recorded_and_by_whom()
    {
        var opened = DateTimeOffset.UtcNow.AddDays(-30);
        var registered = DateTimeOffset.UtcNow.AddDays(-20);
        var before = DateTimeOffset.UtcNow;
        var caseId = await app.Host.OpenedCase(happenedAt: opened);
        await app.Host.Record(caseId, "risk-factors", new { factor = "adult.crime", happenedAt = registered, note = "seen at the job centre" });
        await app.Host.Record(caseId, "measurements", new
        {
            instrument = "boligsocial-progression-goals", measuredBy = "mentor-x",
            scores = new Dictionary<string, decimal> { ["labour-market-education-mastery"] = 4, ["job-education-search-skills"] = 5, ["everyday-mastery"] = 6 },
        });
        var after = DateTimeOffset.UtcNow;

        var timeline = await app.Host.Get($"/api/cases/{caseId}/timeline");

        Assert.Equal(200, timeline.Status);
        var entries = timeline.Body.EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(["case-opened", "risk-factor-registered", "progression-measured"], entries.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(opened, entries[0].GetProperty("happenedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(registered, entries[1].GetProperty("happenedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.All(entries, e =>
        {
            Assert.InRange(e.GetProperty("recordedAt").GetDateTimeOffset(), before.AddSeconds(-1), after.AddSeconds(1));
            Assert.Equal("coordinator-0101", e.GetProperty("recordedBy").GetString());
        });
        Assert.Equal("seen at the job centre", entries[1].GetProperty("data").GetProperty("note").GetString());
        Assert.Equal(5, entries[2].GetProperty("data").GetProperty("scores").GetProperty("job-education-search-skills").GetDecimal());
        // The pathway, not the person: the opening's citizen reference is not in the timeline.
        var openedData = entries[0].GetProperty("data");
        Assert.Equal("adult", openedData.GetProperty("targetGroup").GetString());
        Assert.False(openedData.TryGetProperty("citizenReference", out _));
    }

    [Fact]
    public async Task Reading_the_timeline_is_audited()
    {
        var caseId = await app.Host.OpenedCase();
        await app.Host.Send("GET", $"/api/cases/{caseId}/timeline", null, headers: new Dictionary<string, string> { ["X-Purpose"] = "Follow-up call" });

        var reads = (await app.Host.Get($"/api/cases/{caseId}/reads")).Body.EnumerateArray().ToList();

        var read = Assert.Single(reads, r => r.GetProperty("what").GetString() == "timeline");
        Assert.Equal("coordinator-0101", read.GetProperty("userId").GetString());
        Assert.Equal("Follow-up call", read.GetProperty("purpose").GetString());
    }

    [Fact]
    public async Task A_case_of_another_municipality_has_no_timeline()
    {
        var caseId = await app.Host.OpenedCase(municipality: "0147");
        Assert.Equal(404, (await app.Host.Get($"/api/cases/{caseId}/timeline")).Status);
        Assert.Equal(JsonValueKind.Array, (await app.Host.Get($"/api/cases/{caseId}/timeline", municipality: "0147")).Body.ValueKind);
    }
}
