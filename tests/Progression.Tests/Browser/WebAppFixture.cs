using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Progression.Api.Access;
using Progression.Tests.Hosting;
using Progression.Harness;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Browser;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// The service as a process of its own (Development: the demo users' sign-in), with the <see cref="WebScenario"/>
/// recorded through the command API, and Debian's chromium driven by Playwright. Never a downloaded browser.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly ServiceProcessFixture _service = new();
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;
    public WebScenario Scenario { get; private set; } = null!;
    public Uri Url => _service.Service.Url;
    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: test.sh installs Debian's chromium (apt-get install chromium).");
        await _service.InitializeAsync();
        Http.BaseAddress = Url;
        Scenario = await WebScenario.Record(this);
        await WaitForAggregates();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Http.Dispose();
        await _service.DisposeAsync();
    }

    /// <summary>
    /// A fresh page (its own session storage) at tablet width or wider, signed in as a demo user of this fixture's
    /// service or of the one at <paramref name="service"/>.
    /// </summary>
    public async Task<IPage> SignedIn(string user, int width = 1280, string? municipality = null, Uri? service = null)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, Locale = "da-DK" });
        var page = await context.NewPageAsync();
        await page.GotoAsync((service ?? Url).ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = user }).ClickAsync();
        if (municipality is not null) await page.GetByRole(AriaRole.Button, new() { Name = $"Kommune {municipality}" }).ClickAsync();
        await page.Locator("header nav").WaitForAsync();
        return page;
    }

    /// <summary>Goes to a route of the app the way a person following a link would, and waits for its heading.</summary>
    public async Task Open(IPage page, string route)
    {
        await page.GotoAsync(new Uri(Url, route).ToString());
        await page.Locator("main h1").WaitForAsync();
    }

    /// <summary>Sends a command as a coordinator of the municipality and returns the service's answer.</summary>
    public async Task<JsonElement> Command(string municipality, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Authorization = new("Bearer", TestTokens.Coordinator(municipality));
        using var response = await Http.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {answer}");
        return answer;
    }

    public async Task<long> Version(string municipality, Guid caseId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
        request.Headers.Authorization = new("Bearer", TestTokens.Coordinator(municipality));
        using var response = await Http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    /// <summary>The dashboards read the async projection: wait until it has every event (polling its freshness).</summary>
    private async Task WaitForAggregates()
    {
        var query = new JsonObject { ["query"] = "{ freshness { behind } }" };
        for (var started = DateTime.UtcNow; DateTime.UtcNow - started < TimeSpan.FromSeconds(60); await Task.Delay(200))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(query) };
            request.Headers.Authorization = new("Bearer", TestTokens.For(Roles.Evaluator, "0101", "0751"));
            using var response = await Http.SendAsync(request);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (answer.GetProperty("data").GetProperty("freshness").GetProperty("behind").GetInt64() == 0) return;
        }
        throw new TimeoutException("The aggregates did not catch up with the event store.");
    }
}
