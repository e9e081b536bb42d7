using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Progression.Api.Hosting;
using Progression.Harness;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Browser;

/// <summary>
/// The service as a process on a pool of two databases, 0101 placed on a (the test server) and 0751 on b (a server of
/// its own, which the test stops): what the dashboard shows an evaluator of both while b does not answer.
/// </summary>
public sealed class PoolServiceFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"progression-pool-web-{Guid.NewGuid():N}");
    private readonly List<string> _databases = [];

    public LocalPostgres ServerB { get; private set; } = null!;
    public ServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var shared = await PostgresServer.Instance;
        _databases.Add(await shared.CreateDatabaseAsync("web_control"));
        _databases.Add(await shared.CreateDatabaseAsync("web_a"));
        ServerB = await LocalPostgres.StartAsync(_folder, "progression", throwaway: true);
        var pool = new Dictionary<string, string> { ["a"] = _databases[1], ["b"] = ServerB.ConnectionString("progression") + ";Timeout=3" };
        var settings = new DatabasePool(_databases[0], pool, "explicit").Settings;
        settings["Auth:SigningKey"] = settings["Privacy:PseudonymKey"] = TestTokens.KeyBase64;
        // Started first: in Development the service creates every pool database's tables, where placing makes partitions.
        Service = await ServiceProcess.StartAsync(settings);
        foreach (var (municipality, database) in new[] { ("0101", "a"), ("0751", "b") })
        {
            var (exit, output) = await ServiceProcess.RunAsync(["databases", "place", municipality, database], settings);
            Assert.True(exit == 0, output);
        }
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await ServerB.StopAsync();
        Directory.Delete(_folder, recursive: true);
        foreach (var database in _databases) await (await PostgresServer.Instance).DropDatabaseAsync(database);
    }
}

[Collection(BrowserCollection.Name)]
public class PartialDashboardTests(WebAppFixture app, PoolServiceFixture pool) : IClassFixture<PoolServiceFixture>
{
    [Fact]
    public async Task While_one_database_is_down_the_dashboard_shows_the_rest_and_names_the_municipalities_it_leaves_out()
    {
        var page = await app.SignedIn("evaluator-region", PageChecks.Tablet, service: pool.Service.Url);
        await page.GotoAsync(new Uri(pool.Service.Url, "/dashboard").ToString());
        await page.Locator("table.heatmap").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("missing")).ToHaveCountAsync(0);

        await pool.ServerB.StopAsync();
        try
        {
            await page.ReloadAsync();
            // The figures are there (a's), with a note naming b's municipality: none of the dashboard's parts failed.
            await page.Locator("table.heatmap").WaitForAsync();
            // Municipalities only: the database the freshness note could not read is not one of them.
            await Assertions.Expect(page.GetByTestId("missing")).ToHaveTextAsync(new Regex(@":\s*0751\."));
            await Assertions.Expect(page.Locator(".failure")).ToHaveCountAsync(0);
            // Freshness, too, speaks only for the databases that answered.
            await Assertions.Expect(page.GetByTestId("freshness")).ToContainTextAsync("for de databaser, der svarede");
            await PageChecks.Settle(page);
            Assert.Empty(await PageChecks.Faults(page, "evaluator-region-dashboard-database-down"));
        }
        finally
        {
            await pool.ServerB.StartServerAsync();
        }

        await page.ReloadAsync();
        await page.Locator("table.heatmap").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("missing")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("freshness")).Not.ToContainTextAsync("for de databaser, der svarede");
    }
}
