using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Progression.Api.Access;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Browser;

/// <summary>The programme check page (chapter 7), checked against the catalogue files and the fixture's log.</summary>
[Collection(BrowserCollection.Name)]
public class ProgrammeCheckTests(WebAppFixture app)
{
    private const string MentalIllness = WebScenario.MentalIllness;

    private async Task<IPage> ProgrammePage(string user)
    {
        var page = await app.SignedIn(user, PageChecks.Tablet);
        await app.Open(page, "/programmes");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Gemte programmer" }).WaitForAsync();
        return page;
    }

    /// <summary>Fills in the programme as a person would; the grid's cells by keyboard.</summary>
    private static async Task Fill(IPage page, string name, string[] factors, (string Factor, string Level)[] cells, string[] traits)
    {
        await page.GetByLabel("Programmets navn").FillAsync(name);
        foreach (var factor in factors) await page.Locator($"input[name=riskFactors][value=\"{factor}\"]").CheckAsync();
        foreach (var (factor, level) in cells) await Tick(page, factor, level);
        foreach (var trait in traits) await page.Locator($"input[name=traits][value=\"{trait}\"]").CheckAsync();
    }

    private static async Task Tick(IPage page, string factor, string level)
    {
        var box = page.Locator($"table.programme-grid td[data-cell=\"{factor}|{level}\"] input[type=checkbox]");
        await box.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(box).ToBeCheckedAsync();
    }

    private static async Task<ILocator> Check(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Tjek programmet" }).ClickAsync();
        var result = page.GetByTestId("assessment");
        await result.WaitForAsync();
        return result;
    }

    /// <summary>Open cases of the municipalities with a blind spot in the cell, as the fixture recorded them.</summary>
    private int Demand(string[] municipalities, string factor, string level) =>
        app.Scenario.Barriers.Where(b => municipalities.Contains(b.Municipality) && b.Factor == factor && b.Level == level && b.Open && !b.Addressed)
            .Select(b => b.Case).Distinct().Count();

    private static Task<string[]> Ids(ILocator items, string attribute) =>
        items.EvaluateAllAsync<string[]>($"all => all.map(e => e.getAttribute('{attribute}'))");

    [Fact]
    public async Task Adult_mental_illness_addressed_at_the_individual_level_leaves_the_other_three_cells_unaddressed_with_their_barriers()
    {
        var page = await ProgrammePage("coordinator-kbh");
        string[] has = ["holistic-focus", "mentor-relationship"];
        await Fill(page, "Job med psykisk sårbarhed", [MentalIllness], [(MentalIllness, "individual")], has);

        var result = await Check(page);

        await Assertions.Expect(result.Locator("td[data-state]")).ToHaveCountAsync(4);
        foreach (var level in CatalogueTables.Levels())
        {
            var cell = result.Locator($"td[data-cell=\"{MentalIllness}|{level}\"]");
            var addressed = level == "individual";
            await Assertions.Expect(cell).ToHaveAttributeAsync("data-state", addressed ? "addressed" : "unaddressed");
            Assert.Equal(addressed ? [] : CatalogueTables.BarriersIn("adult", MentalIllness, level), await Ids(cell.Locator("li[data-barrier]"), "data-barrier"));
            await Assertions.Expect(cell.Locator("[data-demand]")).ToHaveTextAsync($"Sager med blind vinkel: {Demand(["0101"], MentalIllness, level)}");
        }
        var others = result.Locator($".addressed-cell[data-cell=\"{MentalIllness}|individual\"] li[data-intervention]");
        await Assertions.Expect(others).ToHaveCountAsync(CatalogueTables.InterventionsIn("adult", MentalIllness, "individual").Count);
        Assert.Equal(CatalogueTables.InterventionsIn("adult", MentalIllness, "individual").Select(i => i.Id).Order(), (await Ids(others, "data-intervention")).Order());
        Assert.Equal(CatalogueTables.CommonTraits().Except(has), await Ids(result.GetByTestId("lacking-traits").Locator("li"), "data-trait"));

        Assert.Empty(await PageChecks.Faults(page, "coordinator-kbh-programmes-checked"));
    }

    [Fact]
    public async Task A_programme_saved_in_two_versions_compares_side_by_side_and_a_version_saved_meanwhile_is_not_overwritten()
    {
        var page = await ProgrammePage("coordinator-kbh");
        var name = $"Programtjek {Guid.NewGuid():N}"[..20];
        await Fill(page, name, [MentalIllness], [(MentalIllness, "individual")], []);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem programmet" }).ClickAsync();
        var row = page.Locator("tr[data-programme]", new() { HasText = name });
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
        var id = (await row.GetAttributeAsync("data-programme"))!;

        await Tick(page, MentalIllness, "institutional");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem som version 2" }).ClickAsync();
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("2");

        await page.Locator("#compare-a").SelectOptionAsync($"{id}|1");
        await page.Locator("#compare-b").SelectOptionAsync($"{id}|2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sammenlign", Exact = true }).ClickAsync();
        var compare = page.Locator("table.compare");
        foreach (var level in CatalogueTables.Levels())
        {
            var cells = compare.Locator($"tr[data-cell=\"{MentalIllness}|{level}\"]");
            var (first, second) = (level is "individual", level is "individual" or "institutional");
            await Assertions.Expect(cells.Locator("td[data-side=a]")).ToHaveAttributeAsync("data-state", first ? "addressed" : "unaddressed");
            await Assertions.Expect(cells.Locator("td[data-side=b]")).ToHaveAttributeAsync("data-state", second ? "addressed" : "unaddressed");
            await Assertions.Expect(cells).ToHaveClassAsync(first == second ? "" : "differs");
        }
        Assert.Empty(await PageChecks.Faults(page, "coordinator-kbh-programmes-compared"));

        // Someone saves a third version meanwhile: the page's save is refused, says so, and saves on top when asked.
        await app.Command("0101", "/api/programmes", new
        {
            programme = new { name, targetGroup = "adult", riskFactors = new[] { MentalIllness }, cells = new[] { new { factor = MentalIllness, level = "interpersonal" } } },
            programmeId = id, expectedVersion = 2,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem som version 3" }).ClickAsync();
        var conflict = page.GetByTestId("programme-conflict");
        await Assertions.Expect(conflict).ToContainTextAsync("version 3");
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Gem som version 4" }).ClickAsync();
        await Assertions.Expect(conflict).ToHaveCountAsync(0);
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("4");
    }

    [Fact]
    public async Task A_mentor_has_no_programme_page_and_the_service_refuses_them_the_programme_check()
    {
        var page = await app.SignedIn(WebScenario.Mentor);
        Assert.DoesNotContain("Programtjek", await page.Locator("header nav a").AllInnerTextsAsync());
        await app.Open(page, "/programmes");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Siden findes ikke for dig.");

        var programme = new { name = "Mentorens program", targetGroup = "adult", riskFactors = new[] { MentalIllness }, cells = Array.Empty<object>() };
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                 { (HttpMethod.Post, "/api/programmes/assessment", programme), (HttpMethod.Post, "/api/programmes", new { programme }), (HttpMethod.Get, "/api/programmes", null) })
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: JsonSerializerOptions.Web) };
            request.Headers.Authorization = new("Bearer", TestTokens.ForUser(Roles.Mentor, WebScenario.Mentor, "0101"));
            using var response = await app.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_evaluator_sees_demand_with_small_counts_marked_as_suppressed_never_as_0_and_no_case_ids()
    {
        var page = await app.SignedIn("evaluator-region", PageChecks.Tablet);
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(new Uri(request.Url).AbsolutePath);
        await app.Open(page, "/programmes");
        await Fill(page, "Bolig og psykisk sårbarhed", [MentalIllness, WebScenario.Housing], [(MentalIllness, "individual")], []);

        var result = await Check(page);

        // The evaluator reads 0101, 0751, 0461 and 0851; the fixture records in the first two.
        var suppressed = 0;
        foreach (var factor in new[] { MentalIllness, WebScenario.Housing })
            foreach (var level in CatalogueTables.Levels())
            {
                var cases = Demand(["0101", "0751"], factor, level);
                var demand = result.Locator($"td[data-cell=\"{factor}|{level}\"] [data-demand]");
                if (cases is > 0 and < 5)
                {
                    await Assertions.Expect(demand.Locator(".suppressed")).ToBeVisibleAsync();
                    Assert.DoesNotMatch(@"\d", await demand.InnerTextAsync());
                    suppressed++;
                }
                else await Assertions.Expect(demand).ToHaveTextAsync($"Sager med blind vinkel: {cases}");
            }
        Assert.True(suppressed > 0, "the fixture has a cell with 1-4 open cases with a blind spot (housing, institutional)");
        Assert.Empty(await PageChecks.Faults(page, "evaluator-region-programmes-checked"));

        var seen = await page.ContentAsync();
        Assert.DoesNotContain(asked, path => path.StartsWith("/api/cases"));
        app.Scenario.AssertNoCaseIdIn(seen);
    }
}
