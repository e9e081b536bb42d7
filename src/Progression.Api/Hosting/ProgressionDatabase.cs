using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// Where the data lives: <c>ConnectionStrings:Progression</c> when configured; otherwise the embedded default, a private
/// PostgreSQL cluster under the project's data folder (<c>Database:DataDirectory</c>, default <c>.data/postgres</c>),
/// started on demand, reused on the next run, its data kept.
/// </summary>
public static class ProgressionDatabase
{
    public const string ConnectionStringName = "Progression";
    private const string EmbeddedDatabaseName = "progression";

    public static async Task<NpgsqlDataSource> ResolveAsync(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return NpgsqlDataSource.Create(configured);

        var folder = builder.Configuration["Database:DataDirectory"]
                     ?? Path.Combine(builder.Environment.ContentRootPath, ".data", "postgres");
        Console.WriteLine($"No connection string configured: using the embedded PostgreSQL in {Path.GetFullPath(folder)}");
        var cluster = await LocalPostgres.StartAsync(folder, EmbeddedDatabaseName, throwaway: false);
        Console.WriteLine($"Embedded PostgreSQL listening on 127.0.0.1:{cluster.Port}");
        builder.Services.AddSingleton(cluster);
        builder.Services.AddHostedService<EmbeddedPostgresShutdown>();
        return NpgsqlDataSource.Create(cluster.ConnectionString(EmbeddedDatabaseName));
    }

    /// <summary>Stops the embedded cluster with the service, so no server outlives the run command.</summary>
    private sealed class EmbeddedPostgresShutdown(LocalPostgres cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => cluster.StopAsync();
    }
}
