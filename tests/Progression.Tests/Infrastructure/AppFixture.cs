using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Progression.Tests.Infrastructure;

/// <summary>The service, booted in process on a database of its own.</summary>
public class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.Instance;
        ConnectionString = await server.CreateDatabaseAsync(GetType().Name);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Progression", ConnectionString);
            builder.UseSetting("Auth:SigningKey", TestTokens.KeyBase64);
            builder.UseSetting("Privacy:PseudonymKey", TestTokens.KeyBase64);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            Configure(builder);
        });
    }

    /// <summary>A fixture for another environment or setting overrides this.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await (await PostgresServer.Instance).DropDatabaseAsync(ConnectionString);
    }
}
