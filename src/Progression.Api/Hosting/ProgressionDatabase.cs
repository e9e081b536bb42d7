using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// Where the data lives: the control database of a pool (<see cref="DatabasePool"/>) when one is configured;
/// <c>ConnectionStrings:Progression</c> when configured; otherwise the embedded default, a private
/// PostgreSQL cluster under the project's data folder (<c>Database:DataDirectory</c>, default <c>.data/postgres</c>),
/// started on demand, reused on the next run, its data kept.
/// </summary>
public static class ProgressionDatabase
{
    public const string ConnectionStringName = "Progression";
    private const string EmbeddedDatabaseName = "progression";

    public static async Task<NpgsqlDataSource> ResolveAsync(WebApplicationBuilder builder)
    {
        if (DatabasePool.From(builder.Configuration) is { } pool) return Create(pool.Control);
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return Create(configured);

        var folder = builder.Configuration["Database:DataDirectory"]
                     ?? Path.Combine(builder.Environment.ContentRootPath, ".data", "postgres");
        Console.WriteLine($"No connection string configured: using the embedded PostgreSQL in {Path.GetFullPath(folder)}");
        var cluster = await LocalPostgres.StartAsync(folder, EmbeddedDatabaseName, throwaway: false);
        Console.WriteLine($"Embedded PostgreSQL listening on 127.0.0.1:{cluster.Port}");
        builder.Services.AddSingleton(cluster);
        builder.Services.AddHostedService<EmbeddedPostgresShutdown>();
        return Create(cluster.ConnectionString(EmbeddedDatabaseName));
    }

    /// <summary>
    /// With TCP keepalives every 30 s unless the connection string says otherwise: the cluster's leader holds its
    /// advisory lock on an idle connection, and a network path that silently drops idle connections would otherwise
    /// take leadership (and the projections) away every few minutes (Wolverine's advice).
    /// </summary>
    private static NpgsqlDataSource Create(string connectionString) => NpgsqlDataSource.Create(WithKeepalive(connectionString));

    public static string WithKeepalive(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.KeepAlive == 0) builder.KeepAlive = 30;
        builder.TcpKeepAlive = true;
        return builder.ConnectionString;
    }

    /// <summary>Stops the embedded cluster with the service, so no server outlives the run command.</summary>
    private sealed class EmbeddedPostgresShutdown(LocalPostgres cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => cluster.StopAsync();
    }
}
