using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Progression.Tests.Infrastructure;

/// <summary>The service, booted in process on a database of its own.</summary>
public class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var server = await PostgresServer.Instance;
        ConnectionString = await server.CreateDatabaseAsync(GetType().Name);
        Host = await StartAsync();
    }

    /// <summary>A fixture for another environment or setting overrides this (and may prepare the database first).</summary>
    protected virtual Task<IAlbaHost> StartAsync() => Boot(_ => { });

    /// <summary>Where the service keeps its data: this fixture's database (a pool fixture names its databases instead).</summary>
    protected virtual IReadOnlyDictionary<string, string> DatabaseSettings =>
        new Dictionary<string, string> { ["ConnectionStrings:Progression"] = ConnectionString };

    /// <summary>The service on this fixture's database, in Development unless <paramref name="configure"/> says otherwise.</summary>
    protected Task<IAlbaHost> Boot(Action<IWebHostBuilder> configure) => AlbaHost.For<Program>(builder =>
    {
        foreach (var (key, value) in DatabaseSettings) builder.UseSetting(key, value);
        builder.UseSetting("Auth:SigningKey", TestTokens.KeyBase64);
        builder.UseSetting("Privacy:PseudonymKey", TestTokens.KeyBase64);
        // Follow-ups due in a test show within a second, not after the half minute a service waits between sweeps.
        builder.UseSetting("FollowUps:SweepSeconds", "0.5");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        configure(builder);
    });

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await (await PostgresServer.Instance).DropDatabaseAsync(ConnectionString);
    }
}
