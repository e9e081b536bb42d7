using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Progression.Harness;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Browser;

/// <summary>
/// Every page as every role that has it, at tablet width (768 px): axe-core finds no serious or critical violation,
/// nothing runs off the side of the page, and a screenshot is kept in TestResults/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(WebAppFixture app)
{
    private const int Tablet = 768;

    public static TheoryData<string, string> Pages() => new()
    {
        { "coordinator-kbh", "/cases" }, { "coordinator-kbh", "/cases/{case}" }, { "coordinator-kbh", "/dashboard" }, { "coordinator-kbh", "/catalogue" },
        { "mentor-kbh-01", "/cases" }, { "mentor-kbh-01", "/cases/{case}" }, { "mentor-kbh-01", "/catalogue" },
        { "evaluator-region", "/dashboard" }, { "evaluator-region", "/catalogue" },
        { "admin-kbh", "/catalogue" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_or_critical_violation_and_fits_a_tablet(string user, string route)
    {
        var page = await app.SignedIn(user, Tablet);
        await app.Open(page, route.Replace("{case}", app.Scenario.MentorsCase.ToString()));
        await Settle(page);

        await Check(page, $"{user}-{route.Trim('/').Replace("cases/{case}", "case")}");
    }

    [Fact]
    public async Task The_sign_in_page_has_no_serious_or_critical_violation()
    {
        var page = await (await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = Tablet, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(app.Url.ToString());
        await page.Locator("main h1").WaitForAsync();

        await Check(page, "anonymous-sign-in");
    }

    /// <summary>Waits for the page's data, and opens what is folded (command forms, a heatmap cell) so axe sees it too.</summary>
    private static async Task Settle(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator(".loading")).ToHaveCountAsync(0);
        await page.Locator("details").EvaluateAllAsync<int>("all => all.filter(d => (d.open = true)).length");
        if (await page.Locator("table.heatmap button").CountAsync() > 0) await page.Locator("table.heatmap button").First.ClickAsync();
    }

    private static async Task Check(IPage page, string name)
    {
        var folder = Path.Combine(ServiceProcess.RepositoryRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });

        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()).Take(3))}")));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"{name} is wider than {Tablet} px");
    }
}
