using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Progression.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class DashboardTests(WebAppFixture app)
{

    private static ILocator Cell(IPage page, string factor, string level) => page.Locator($"td[data-cell=\"{factor}|{level}\"]");

    private async Task<IPage> Dashboard(string user)
    {
        var page = await app.SignedIn(user);
        await app.Open(page, "/dashboard");
        await page.Locator("table.heatmap").WaitForAsync();
        return page;
    }

    [Theory]
    [InlineData(WebScenario.MentalIllness, "individual")]
    [InlineData(WebScenario.Housing, "institutional")]
    [InlineData(WebScenario.Housing, "individual")]
    public async Task The_heatmap_shows_a_coordinator_the_open_barriers_and_blind_spots_recorded_in_a_cell(string factor, string level)
    {
        var here = app.Scenario.Barriers.Where(b => b.Municipality == "0101" && b.Factor == factor && b.Level == level).ToList();
        var open = here.Count(b => b.Open);
        var blind = here.Count(b => b.Open && !b.Addressed);

        var page = await Dashboard("coordinator-kbh");

        var cell = Cell(page, factor, level);
        await Assertions.Expect(cell.Locator("[data-measure=open]")).ToHaveTextAsync(open.ToString());
        if (blind == 0) await Assertions.Expect(cell.Locator("[data-measure=blind-spots]")).ToHaveCountAsync(0);
        else await Assertions.Expect(cell.Locator("[data-measure=blind-spots]")).ToContainTextAsync(blind.ToString());
    }

    [Fact]
    public async Task A_click_on_a_cell_lists_the_interventions_in_use_there_with_their_evidence_grade()
    {
        var page = await Dashboard("coordinator-kbh");

        await Cell(page, WebScenario.MentalIllness, "individual").GetByRole(AriaRole.Button).ClickAsync();

        var details = page.GetByTestId("cell-details");
        var ips = WebScenario.Catalogue.FindIntervention(WebScenario.Ips)!;
        var row = details.Locator("tbody tr", new() { HasText = ips.NameDa });
        // One case runs IPS on a barrier of this cell (the mentor's case).
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(WebScenario.Catalogue.EvidenceGrades.Single(g => g.Id == ips.Evidence).LabelDa);
    }

    [Fact]
    public async Task A_progression_curve_renders_with_its_figures_beside_it()
    {
        var page = await Dashboard("coordinator-kbh");

        await Assertions.Expect(page.Locator("[data-chart=curve]")).ToHaveCountAsync(WebScenario.Dimensions.Length);
        await Assertions.Expect(page.Locator("[data-chart=curve] svg path").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("table.outcomes")).ToContainTextAsync(WebScenario.Catalogue.FindIntervention(WebScenario.Ips)!.NameDa);
    }

    [Fact]
    public async Task An_evaluator_sees_small_counts_marked_as_suppressed_never_as_0_and_no_case_ids()
    {
        var page = await app.SignedIn("evaluator-region");
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(new Uri(request.Url).AbsolutePath);
        await app.Open(page, "/dashboard");
        await page.Locator("table.heatmap").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Each cell holds a count of 1-4 (one barrier addressed by IPS; two housing barriers), and the heatmap's linked
        // measures are hidden together, so the evaluator sees neither cell's numbers.
        foreach (var (factor, level) in new[] { (WebScenario.MentalIllness, "individual"), (WebScenario.Housing, "institutional") })
        {
            var cell = Cell(page, factor, level);
            await Assertions.Expect(cell.Locator("[data-measure=open] .suppressed")).ToBeVisibleAsync();
            Assert.DoesNotMatch(new Regex(@"\d"), await cell.InnerTextAsync());
        }
        await Assertions.Expect(page.Locator(".notice").First).ToContainTextAsync("Skjult betyder ikke 0");
        var dashboard = await page.ContentAsync();
        await app.Open(page, "/cases");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Siden findes ikke for dig.");
        var seen = dashboard + await page.ContentAsync();
        Assert.DoesNotContain(asked, path => path.StartsWith("/api/cases"));
        app.Scenario.AssertNoCaseIdIn(seen);
    }
}
