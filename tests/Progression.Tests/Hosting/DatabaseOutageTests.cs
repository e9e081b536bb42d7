using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Progression.Api.Hosting;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

/// <summary>The service on a PostgreSQL server of its own, which the tests stop and start.</summary>
public sealed class OutageFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"progression-outage-{Guid.NewGuid():N}");

    public LocalPostgres Server { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;
    public LogCapture Log { get; } = new();

    public async Task InitializeAsync()
    {
        Server = await LocalPostgres.StartAsync(_folder, "progression", throwaway: true);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Progression", Server.ConnectionString("progression"));
            builder.UseSetting("Auth:SigningKey", TestTokens.KeyBase64);
            builder.UseSetting("Privacy:PseudonymKey", TestTokens.KeyBase64);
            builder.ConfigureLogging(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Information));
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

public class DatabaseOutageTests(OutageFixture outage) : IClassFixture<OutageFixture>
{
    [Fact]
    public async Task While_the_database_is_down_commands_answer_503_with_retry_after_and_afterwards_work_without_a_restart()
    {
        var host = outage.Host;
        var caseId = await host.OpenedCase();

        await outage.Server.StopAsync();
        try
        {
            var command = await host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", expectedVersion = 1 });
            Assert.Equal(503, command.Status);
            Assert.Equal(DatabaseUnavailableHandler.RetryAfterSeconds.ToString(), command.Header("Retry-After"));
            Assert.StartsWith("application/problem+json", command.Header("Content-Type"));
            Assert.Equal(503, (await host.Post("/api/cases", new { citizenReference = CaseScenarios.Reference(), targetGroup = "adult" })).Status);
            Assert.Equal(503, (await host.Get($"/api/cases/{caseId}")).Status);
            var health = await host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(503); });
            Assert.Contains("Unhealthy", await health.ReadAsTextAsync());
            await host.Scenario(s => { s.Get.Url("/health/ready"); s.StatusCodeShouldBe(503); });
            // Alive all the same: an orchestrator must not restart nodes for a database outage.
            await host.Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBeOk(); });
            Assert.DoesNotContain(outage.Log.Entries, e => e.Level is LogLevel.Error or LogLevel.Critical && e.Category.StartsWith("Microsoft.AspNetCore"));
        }
        finally
        {
            await outage.Server.StartServerAsync();
        }

        // A client retries as told; connections the outage broke are dropped from the pool as they are found.
        var after = await host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", expectedVersion = 1 });
        for (var retry = 0; after.Status == 503 && retry < 20; retry++)
        {
            await Task.Delay(500);
            after = await host.Post($"/api/cases/{caseId}/risk-factors", new { factor = "adult.crime", expectedVersion = 1 });
        }
        Assert.Equal(200, after.Status);
        Assert.Equal(2, after.Version);
    }

    [Fact]
    public async Task Health_answers_within_its_own_time_limit_when_the_database_is_frozen()
    {
        // Every process of the server stopped (SIGSTOP): connections hang instead of failing, as in a frozen VM.
        var processes = outage.Server.Processes();
        Signal("STOP", processes);
        try
        {
            var health = await outage.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(503); })
                .WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Contains("Unhealthy", await health.ReadAsTextAsync());
        }
        finally
        {
            Signal("CONT", processes);
        }
    }

    private static void Signal(string signal, IEnumerable<int> processes) =>
        System.Diagnostics.Process.Start("kill", [$"-{signal}", .. processes.Select(p => p.ToString())])!.WaitForExit();
}
