using Microsoft.Playwright;

namespace Progression.Tests.Browser;

/// <summary>The case list: follow-ups due shown with how long they have waited, and the overdue filter.</summary>
[Collection(BrowserCollection.Name)]
public class MyCasesTests(WebAppFixture app)
{
    [Fact]
    public async Task An_overdue_case_shows_its_days_overdue_and_the_overdue_filter_lists_it_alone()
    {
        var page = await app.SignedIn("coordinator-kbh");
        var overdue = page.Locator($"tr[data-case='{app.Scenario.OverdueCase}']");
        var days = (int)Math.Floor((DateTimeOffset.UtcNow - app.Scenario.OverdueSince).TotalDays);

        // The sweep records the follow-up within a second or so of the service noticing it; the list shows it then.
        await Assertions.Expect(overdue).ToContainTextAsync($"{days} dage over tid", new() { Timeout = 20_000 });

        await page.GetByLabel("Kun sager med forfaldne opfølgninger").CheckAsync();
        await Assertions.Expect(page.Locator("tr[data-case]")).ToHaveCountAsync(1);
        Assert.Equal(app.Scenario.OverdueCase.ToString(), await page.Locator("tr[data-case]").GetAttributeAsync("data-case"));
        Assert.Contains("overdue=1", page.Url);

        // A case waiting for nothing yet due says when its next follow-up falls due.
        await page.GetByLabel("Kun sager med forfaldne opfølgninger").UncheckAsync();
        await Assertions.Expect(page.Locator($"tr[data-case='{app.Scenario.MentorsCase}']")).ToContainTextAsync("næste");
    }
}
