using Microsoft.Playwright;

namespace Progression.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class CasePageTests(WebAppFixture app)
{
    private static readonly string Dimension = WebScenario.Dimensions[0];

    private async Task<IPage> CasePage(string user, Guid caseId)
    {
        var page = await app.SignedIn(user);
        await app.Open(page, $"/cases/{caseId}");
        await page.Locator("table.timeline").WaitForAsync();
        return page;
    }

    [Fact]
    public async Task The_case_page_draws_a_radar_and_a_line_per_dimension_from_the_recorded_measurements()
    {
        var page = await CasePage(WebScenario.Mentor, app.Scenario.MentorsCase);

        var instrument = page.Locator($"[data-instrument=\"{WebScenario.Instrument}\"]");
        await Assertions.Expect(instrument.Locator("[data-chart=radar] svg path").First).ToBeAttachedAsync();
        await Assertions.Expect(instrument.Locator("[data-chart=line]")).ToHaveCountAsync(WebScenario.Dimensions.Length);
        await Assertions.Expect(instrument.Locator("[data-chart=line] svg path").First).ToBeAttachedAsync();
        foreach (var (dimension, score) in app.Scenario.LatestScores)
            await Assertions.Expect(instrument.Locator($"td[data-latest=\"{dimension}\"]")).ToHaveTextAsync(score.ToString());
        // The matrix marks the open barrier no intervention addresses: none here (IPS addresses it).
        await Assertions.Expect(page.GetByTestId("blind-spot-count")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task Recording_a_measurement_changes_the_latest_scores_and_the_timeline()
    {
        var page = await CasePage(WebScenario.Mentor, app.Scenario.MentorsCase);
        var version = long.Parse(await page.GetByTestId("case-version").InnerTextAsync());
        var form = await OpenForm(page, "measure");
        await form.Locator("select[name=instrument]").SelectOptionAsync(WebScenario.Instrument);
        int[] scores = [9, 8, 10];
        foreach (var (dimension, score) in WebScenario.Dimensions.Zip(scores))
            await form.Locator($"input[name=\"scores.{dimension}\"]").FillAsync(score.ToString());

        await form.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("case-version")).ToHaveTextAsync((version + 1).ToString());
        foreach (var (dimension, score) in WebScenario.Dimensions.Zip(scores))
            await Assertions.Expect(page.Locator($"td[data-latest=\"{dimension}\"]")).ToHaveTextAsync(score.ToString());
        var newest = page.Locator("table.timeline tbody tr").First;
        await Assertions.Expect(newest).ToHaveAttributeAsync("data-event", "progression-measured");
        await Assertions.Expect(newest).ToContainTextAsync($"{version + 1}");
        await Assertions.Expect(newest).ToContainTextAsync(WebScenario.Mentor);
    }

    [Fact]
    public async Task A_refused_field_shows_the_servers_reason_next_to_it_and_nothing_is_recorded()
    {
        var page = await CasePage("coordinator-kbh", app.Scenario.MentorsCase);
        var version = await page.GetByTestId("case-version").InnerTextAsync();
        var form = await OpenForm(page, "measure");
        await form.Locator("select[name=instrument]").SelectOptionAsync(WebScenario.Instrument);
        foreach (var dimension in WebScenario.Dimensions) await form.Locator($"input[name=\"scores.{dimension}\"]").FillAsync("5");
        await form.Locator($"input[name=\"scores.{Dimension}\"]").FillAsync("11");

        await form.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();

        var field = form.Locator(".field", new() { Has = page.Locator($"input[name=\"scores.{Dimension}\"]") });
        var error = field.Locator($"[data-error-for=\"scores.{Dimension}\"]");
        await Assertions.Expect(error).ToContainTextAsync("11 is outside the scale 1-10");
        var input = field.Locator("input");
        await Assertions.Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(await error.GetAttributeAsync("id"), await input.GetAttributeAsync("aria-describedby"));
        // Only that field is at fault.
        await Assertions.Expect(form.Locator(".field-error")).ToHaveCountAsync(1);
        Assert.Equal(version, (await app.Version("0101", app.Scenario.MentorsCase)).ToString());
    }

    [Fact]
    public async Task A_stale_version_shows_what_changed_meanwhile_and_applies_the_command_again()
    {
        var caseId = app.Scenario.ConflictCase;
        var page = await CasePage("coordinator-kbh", caseId);
        var loaded = long.Parse(await page.GetByTestId("case-version").InnerTextAsync());
        var form = await OpenForm(page, "register-risk-factor");
        await form.Locator("select[name=factor]").SelectOptionAsync("adult.disability");
        // Someone else records on the case after the page was read.
        await app.Command("0101", $"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", expectedVersion = loaded });

        await form.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();

        var conflict = page.GetByTestId("conflict");
        await Assertions.Expect(conflict).ToContainTextAsync("Sagen er ændret");
        await Assertions.Expect(conflict).ToContainTextAsync($"Risikofaktor registreret: {WebScenario.Catalogue.FindRiskFactor("adult.crime")!.LabelDa}");
        Assert.Equal(loaded + 1, await app.Version("0101", caseId));

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Anvend igen" }).ClickAsync();

        await Assertions.Expect(conflict).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("case-version")).ToHaveTextAsync((loaded + 2).ToString());
        var rows = page.Locator("table.timeline tbody tr");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync(WebScenario.Catalogue.FindRiskFactor("adult.disability")!.LabelDa);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync(WebScenario.Catalogue.FindRiskFactor("adult.crime")!.LabelDa);
    }

    [Fact]
    public async Task A_mentor_sees_only_their_own_cases_and_cannot_open_another_mentors_case()
    {
        var page = await app.SignedIn(WebScenario.Mentor);
        await Assertions.Expect(page.Locator("tr[data-case]")).ToHaveCountAsync(app.Scenario.MentorCases.Count);
        Assert.Equal(app.Scenario.MentorCases.Select(c => c.ToString()).Order(),
            (await page.Locator("tr[data-case]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.case)")).Order());

        await page.GotoAsync(new Uri(app.Url, $"/cases/{app.Scenario.OtherMentorsCase}").ToString());

        await Assertions.Expect(page.Locator(".failure")).ToContainTextAsync("There is no case");
        await Assertions.Expect(page.Locator("table.matrix")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("table.timeline")).ToHaveCountAsync(0);
    }

    private static async Task<ILocator> OpenForm(IPage page, string command)
    {
        var details = page.Locator($"details[data-command=\"{command}\"]");
        await details.Locator("summary").ClickAsync();
        return details.Locator("form");
    }
}
