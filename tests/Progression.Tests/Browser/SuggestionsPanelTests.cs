using Microsoft.Playwright;

namespace Progression.Tests.Browser;

/// <summary>The case page's suggestions for its blind spots, checked against the report's tables as the catalogue files state them.</summary>
[Collection(BrowserCollection.Name)]
public class SuggestionsPanelTests(WebAppFixture app)
{
    private async Task<(IPage Page, ILocator Panel)> CasePage(Guid caseId, string user = "coordinator-kbh", string query = "")
    {
        var page = await app.SignedIn(user);
        await app.Open(page, $"/cases/{caseId}{query}");
        var panel = page.GetByTestId("suggestions");
        await panel.WaitForAsync();
        return (page, panel);
    }

    private static Task<string[]> Attribute(ILocator items, string name) =>
        items.EvaluateAllAsync<string[]>($"all => all.map(e => e.getAttribute('{name}'))");

    [Fact]
    public async Task A_blind_spot_gets_exactly_the_interventions_of_its_cell_evidence_first_and_what_the_case_dropped_out_of_marked_last()
    {
        var expected = CatalogueTables.InterventionsIn("adult", WebScenario.MentalIllness, "individual");
        var (page, panel) = await CasePage(app.Scenario.GuidanceCase);

        var spot = panel.Locator("li.blind-spot");
        await Assertions.Expect(spot).ToHaveCountAsync(1);
        var items = spot.Locator("li.suggestion");
        await Assertions.Expect(items).ToHaveCountAsync(expected.Count);
        var shown = (await Attribute(items, "data-intervention")).Zip(await Attribute(items, "data-evidence")).ToList();
        Assert.Equal(expected.Select(e => e.Id).Order(), shown.Select(s => s.First).Order());
        Assert.All(await Attribute(items, "data-via"), via => Assert.Equal("cell", via));
        Assert.Equal(expected.ToDictionary(e => e.Id, e => e.Evidence), shown.ToDictionary(s => s.First, s => s.Second));

        // The case dropped out of one of them: marked, with the day, and last; the rest evidence before positive indication.
        var last = items.Last;
        await Assertions.Expect(last).ToHaveAttributeAsync("data-intervention", WebScenario.DroppedOut);
        await Assertions.Expect(last.GetByTestId("previously")).ToContainTextAsync("Frafaldet før");
        Assert.Equal(app.Scenario.DroppedOutAt.UtcDateTime.Date, DateTimeOffset.Parse((await last.Locator("time").GetAttributeAsync("datetime"))!).UtcDateTime.Date);
        var grades = shown.SkipLast(1).Select(s => s.Second).ToList();
        Assert.Equal(grades.OrderBy(g => g == "evidence" ? 0 : 1), grades);
        Assert.Contains("evidence", grades);

        // IPS has one participant in the municipality (the mentor's case): too few to show, never 0.
        var ips = spot.Locator($"li.suggestion[data-intervention=\"{WebScenario.Ips}\"]");
        await Assertions.Expect(ips.Locator(".local")).ToContainTextAsync("Kommunens egne tal: ⊘ for få til at vise");
        await Assertions.Expect(panel).ToContainTextAsync("handler om de kilder, rapporten bygger på");
        await Assertions.Expect(panel).ToContainTextAsync("ikke effekter");
        var tools = panel.GetByTestId("tools").Locator("li");
        await Assertions.Expect(tools).ToHaveCountAsync(CatalogueTables.Tools("adult").Count);
        await Assertions.Expect(spot.GetByRole(AriaRole.Button, new() { Name = "Start" })).ToHaveCountAsync(expected.Count);

        await PageChecks.Screenshot(panel, "coordinator-kbh-suggestions-panel");
    }

    [Fact]
    public async Task Start_on_a_suggestion_fills_in_the_start_form_and_once_sent_the_blind_spot_and_its_suggestions_go()
    {
        var caseId = app.Scenario.EconomicCase;
        var (page, panel) = await CasePage(caseId);
        var version = long.Parse(await page.GetByTestId("case-version").InnerTextAsync());
        var (intervention, _) = CatalogueTables.InterventionsIn("adult", WebScenario.EconomicProblems, "individual")[0];
        var name = WebScenario.Catalogue.FindIntervention(intervention)!.NameDa;

        await panel.GetByRole(AriaRole.Button, new() { Name = $"Start {name}", Exact = true }).ClickAsync();

        var details = page.Locator("details[data-command=start-intervention]");
        await Assertions.Expect(details).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(details.Locator("summary")).ToBeFocusedAsync();
        var form = details.Locator("form");
        await Assertions.Expect(form.Locator("select[name=catalogueIntervention]")).ToHaveValueAsync(intervention);
        await Assertions.Expect(form.Locator("input[name=barriers]")).ToBeCheckedAsync();
        await form.Locator("select[name=serviceArea]").SelectOptionAsync("social");
        await form.Locator("input[name=provider]").FillAsync("Gældsrådgivningen");
        await form.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("case-version")).ToHaveTextAsync((version + 1).ToString());
        await Assertions.Expect(page.GetByTestId("blind-spot-count")).ToHaveTextAsync("0");
        await Assertions.Expect(panel.Locator("li.blind-spot")).ToHaveCountAsync(0);
        await Assertions.Expect(panel.Locator("li.suggestion")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($".interventions [data-intervention=\"{intervention}\"]")).ToContainTextAsync("Aktiv");
    }

    [Fact]
    public async Task A_youth_case_with_a_housing_barrier_is_suggested_Housing_First_via_the_marker_and_starts_it()
    {
        var caseId = app.Scenario.YouthHousingCase;
        Assert.Empty(CatalogueTables.InterventionsIn("youth", WebScenario.YouthHousing, "institutional"));
        var (marked, symbol) = Assert.Single(CatalogueTables.MarkedIn("youth", WebScenario.YouthHousing, "institutional"));
        var (page, panel) = await CasePage(caseId);

        var item = panel.Locator("li.suggestion");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-intervention", marked);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-via", "marker");
        await Assertions.Expect(item.GetByTestId("via-marker")).ToHaveTextAsync($"via markør {symbol}");
        await PageChecks.Screenshot(panel, "coordinator-kbh-suggestions-via-marker");

        await item.GetByRole(AriaRole.Button).ClickAsync();
        var form = page.Locator("details[data-command=start-intervention] form");
        await Assertions.Expect(form.Locator("select[name=catalogueIntervention]")).ToHaveValueAsync(marked);
        await form.Locator("select[name=serviceArea]").SelectOptionAsync("social");
        await form.Locator("input[name=provider]").FillAsync("Boligsocialt team");
        await form.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();

        var started = page.Locator($".interventions [data-intervention=\"{marked}\"]");
        await Assertions.Expect(started).ToContainTextAsync($"via markør {symbol}");
        await Assertions.Expect(panel.Locator("li.suggestion")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_view_as_of_a_day_shows_the_suggestions_read_only()
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var (_, panel) = await CasePage(app.Scenario.GuidanceCase, WebScenario.Mentor, $"?asOf={today}");

        await Assertions.Expect(panel.Locator("li.suggestion")).ToHaveCountAsync(CatalogueTables.InterventionsIn("adult", WebScenario.MentalIllness, "individual").Count);
        await Assertions.Expect(panel.Locator("button")).ToHaveCountAsync(0);
        await Assertions.Expect(panel).ToContainTextAsync("Kommunens tal er dagens");
    }
}
