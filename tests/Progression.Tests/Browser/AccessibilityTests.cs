using Microsoft.Playwright;
using Progression.Tests.Infrastructure;
using static Progression.Tests.Browser.PageChecks;

namespace Progression.Tests.Browser;

/// <summary>
/// Every page as every role that has it, at tablet width (768 px): axe-core finds no serious or critical violation,
/// nothing runs off the side of the page, and a screenshot is kept in TestResults/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(WebAppFixture app)
{
    public static TheoryData<string, string> Pages() => new()
    {
        { "coordinator-kbh", "/cases" }, { "coordinator-kbh", "/cases/{case}" }, { "coordinator-kbh", "/dashboard" }, { "coordinator-kbh", "/catalogue" },
        { "coordinator-kbh", "/cases/{guidance}" }, { "coordinator-kbh", "/programmes" },
        { "mentor-kbh-01", "/cases" }, { "mentor-kbh-01", "/cases/{case}" }, { "mentor-kbh-01", "/catalogue" }, { "mentor-kbh-01", "/cases/{guidance}" },
        { "mentor-kbh-01", "/programmes" },
        { "evaluator-region", "/dashboard" }, { "evaluator-region", "/catalogue" }, { "evaluator-region", "/programmes" },
        { "admin-kbh", "/catalogue" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_or_critical_violation_and_fits_a_tablet(string user, string route)
    {
        var page = await app.SignedIn(user, Tablet);
        await app.Open(page, route.Replace("{case}", app.Scenario.MentorsCase.ToString()).Replace("{guidance}", app.Scenario.GuidanceCase.ToString()));
        await Settle(page);

        var name = $"{user}-{route.Trim('/').Replace("cases/{case}", "case").Replace("cases/{guidance}", "case-with-suggestions")}";
        Assert.Empty(await Faults(page, name));
    }

    [Fact]
    public async Task The_sign_in_page_has_no_serious_or_critical_violation()
    {
        var page = await (await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = Tablet, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(app.Url.ToString());
        await page.Locator("main h1").WaitForAsync();

        Assert.Empty(await Faults(page, "anonymous-sign-in"));
    }
}
