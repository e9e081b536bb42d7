using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Progression.Harness;

namespace Progression.Tests.Browser;

/// <summary>What the browser tests check of any page: axe-core, the tablet's width, and screenshots kept in TestResults/screenshots.</summary>
public static class PageChecks
{
    public const int Tablet = 768;

    /// <summary>Waits for the page's data, and opens what is folded (command forms, a heatmap cell) so axe sees it too.</summary>
    public static async Task Settle(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator(".loading")).ToHaveCountAsync(0);
        await page.Locator("details").EvaluateAllAsync<int>("all => all.filter(d => (d.open = true)).length");
        if (await page.Locator("table.heatmap button").CountAsync() > 0) await page.Locator("table.heatmap button").First.ClickAsync();
    }

    /// <summary>
    /// Keeps a screenshot of the whole page, then says what is wrong with it: each serious or critical axe-core finding
    /// (WCAG 2.1 AA), and the page running wider than the tablet. Empty when nothing is.
    /// </summary>
    public static async Task<IReadOnlyList<string>> Faults(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = ScreenshotFile(name), FullPage = true });

        var result = await page.RunAxe();
        var faults = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()).Take(3))}")
            .ToList();
        if (!await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"))
            faults.Add($"{name} is wider than {Tablet} px");
        return faults;
    }

    /// <summary>Keeps a screenshot of part of a page (a panel) next to the pages' own.</summary>
    public static Task Screenshot(ILocator part, string name) => part.ScreenshotAsync(new() { Path = ScreenshotFile(name) });

    private static string ScreenshotFile(string name)
    {
        var folder = Path.Combine(ServiceProcess.RepositoryRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{name}.png");
    }
}
