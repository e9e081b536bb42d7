using System.Text.Json;
using Progression.Api.Access;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Graph;

/// <summary>
/// The case list in SQL: pages that neither skip nor repeat while cases keep arriving, sealed cursors, and a read
/// record for every case a page shows, however many readers come at once.
/// </summary>
public class CaseListTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Municipality = "0461";
    private static readonly string Coordinator = TestTokens.Coordinator(Municipality);

    private const string Page = """
        query($after: String) {
          cases(first: 5, after: $after, order: [{ openedAt: ASC }]) { totalCount nodes { id openedAt } pageInfo { hasNextPage endCursor } }
        }
        """;

    [Fact]
    public async Task Paging_while_cases_arrive_visits_every_case_that_was_there_once_in_order()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-100);
        var before = new List<Guid>();
        for (var i = 0; i < 23; i++) before.Add(await app.Host.OpenedCase(happenedAt: start.AddDays(i * 4), municipality: Municipality));

        // Another coordinator opens cases all along the same period while the list is paged through.
        using var stop = new CancellationTokenSource();
        var arriving = Task.Run(async () =>
        {
            var random = new Random(7);
            var opened = new List<Guid>();
            while (!stop.IsCancellationRequested)
                opened.Add(await app.Host.OpenedCase(happenedAt: start.AddHours(random.Next(0, 100 * 24)), municipality: Municipality));
            return opened;
        });

        var seen = new List<(string Id, DateTimeOffset OpenedAt)>();
        string? after = null;
        do
        {
            var page = (await app.Host.Graph(Page, Coordinator, new { after })).Data("cases");
            seen.AddRange(page.GetProperty("nodes").EnumerateArray()
                .Select(n => (n.GetProperty("id").GetString()!, n.GetProperty("openedAt").GetDateTimeOffset())));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()
                ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString()
                : null;
            await Task.Delay(20);
        } while (after is not null);
        stop.Cancel();
        var arrived = await arriving;

        Assert.True(arrived.Count > 0, "no case arrived while paging");
        Assert.Equal(seen.Count, seen.Select(s => s.Id).Distinct().Count());
        Assert.All(before, id => Assert.Contains(id.ToString(), seen.Select(s => s.Id)));
        Assert.Equal(seen.OrderBy(s => s.OpenedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id), seen.Select(s => s.Id));
    }

    [Fact]
    public async Task A_cursor_is_sealed_a_forged_or_altered_one_is_refused()
    {
        await app.Host.OpenedCase(municipality: Municipality);
        await app.Host.OpenedCase(municipality: Municipality);
        var cursor = (await app.Host.Graph("{ cases(first: 1) { pageInfo { endCursor } } }", Coordinator))
            .Data("cases").GetProperty("pageInfo").GetProperty("endCursor").GetString()!;
        var altered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];

        foreach (var forged in new[] { altered, "Y2FzZTpub3BlCg", Convert.ToBase64String("case:123"u8.ToArray()) })
            Assert.Contains((await app.Host.Graph(Page, Coordinator, new { after = forged })).Errors(), e => e.Contains("is not a cursor"));
    }

    [Fact]
    public async Task Every_case_a_page_shows_leaves_one_read_record_even_under_many_readers()
    {
        var opened = new List<Guid>();
        for (var i = 0; i < 6; i++) opened.Add(await app.Host.OpenedCase(municipality: "0851"));
        var coordinator = TestTokens.Coordinator("0851");

        // 12 readers at once, each a page of every case and one case view.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            Assert.Equal(6, (await app.Host.Graph("{ cases(first: 100) { nodes { id } } }", coordinator)).Data("cases").GetProperty("nodes").GetArrayLength());
            Assert.Equal(200, (await app.Host.Get($"/api/cases/{opened[0]}", "0851", coordinator)).Status);
        }));

        foreach (var caseId in opened)
        {
            var reads = (await app.Host.Get($"/api/cases/{caseId}/reads", "0851", coordinator)).Body.EnumerateArray().ToList();
            var expected = caseId == opened[0] ? 12 + 12 : 12;
            Assert.Equal(expected, reads.Count);
            Assert.Equal(reads.Count, reads.Select(r => r.GetProperty("id").GetGuid()).Distinct().Count());
            Assert.All(reads, r => Assert.Equal("coordinator-0851", r.GetProperty("userId").GetString()));
        }
    }

    [Fact]
    public async Task A_mentor_lists_only_their_own_cases()
    {
        var mine = await app.Host.OpenedCase(municipality: "0751");
        await app.Host.OpenedCase(municipality: "0751");
        await app.Host.Record(mine, "mentors", new { mentorId = "mentor-list" }, "0751");
        var mentor = TestTokens.ForUser(Roles.Mentor, "mentor-list", "0751");

        var cases = (await app.Host.Graph("{ cases(first: 100) { totalCount nodes { id } } }", mentor)).Data("cases");

        Assert.Equal(1, cases.GetProperty("totalCount").GetInt32());
        Assert.Equal(mine.ToString(), cases.GetProperty("nodes")[0].GetProperty("id").GetString());
    }
}
