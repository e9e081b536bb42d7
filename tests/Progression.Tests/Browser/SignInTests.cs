using Microsoft.Playwright;

namespace Progression.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class SignInTests(WebAppFixture app)
{
    [Theory]
    [InlineData("coordinator-kbh", "Kommunens sager", new[] { "Mine sager", "Overblik", "Programtjek", "Katalog" })]
    [InlineData("mentor-kbh-01", "Mine sager", new[] { "Mine sager", "Katalog" })]
    [InlineData("evaluator-region", "Overblik", new[] { "Overblik", "Programtjek", "Katalog" })]
    [InlineData("admin-kbh", "Kataloget", new[] { "Katalog" })]
    public async Task Each_demo_user_signs_in_and_lands_on_the_pages_of_their_role(string user, string heading, string[] menu)
    {
        var page = await app.SignedIn(user);

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(heading);
        Assert.Equal(menu, await page.Locator("header nav a").AllInnerTextsAsync());
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync(user);
    }

    [Fact]
    public async Task A_coordinator_of_two_municipalities_picks_one_and_works_in_it()
    {
        var page = await app.SignedIn("coordinator-region", municipality: "0751");

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Kommunens sager");
        await Assertions.Expect(page.Locator("tr[data-case]")).ToHaveCountAsync(1);
        Assert.Equal(app.Scenario.OtherMunicipalityCase.ToString(), await page.Locator("tr[data-case]").GetAttributeAsync("data-case"));
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("Kommune 0751");
    }

    [Fact]
    public async Task The_app_opens_without_a_token_and_asks_for_no_data_before_sign_in()
    {
        var page = await (await app.Browser.NewContextAsync()).NewPageAsync();
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(new Uri(request.Url).AbsolutePath);

        await page.GotoAsync(new Uri(app.Url, "/dashboard").ToString());

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Log ind");
        Assert.DoesNotContain(asked, path => path.StartsWith("/graphql") || path.StartsWith("/api/cases") || path == "/api/catalogue");
        Assert.Contains("/api/sign-in", asked);
    }

    [Fact]
    public async Task English_shows_the_catalogues_own_english_labels()
    {
        var page = await app.SignedIn("coordinator-kbh");
        await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
        await app.Open(page, "/dashboard");

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("table.heatmap")).ToContainTextAsync("Mental illness");
    }
}
