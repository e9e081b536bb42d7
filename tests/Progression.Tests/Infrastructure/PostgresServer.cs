using DotNet.Testcontainers.Builders;
using Npgsql;
using Progression.Api.Hosting;
using Testcontainers.PostgreSql;

namespace Progression.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL server for the whole test run; each fixture gets a database of its own on it, so test classes
/// run in parallel without seeing each other's data. In order of preference: the server named by
/// <c>PROGRESSION_TEST_DB</c>, a Testcontainers container when a Docker engine answers, else a throwaway cluster
/// from the local binaries (removed when the run ends).
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString, string source)
    {
        _adminConnectionString = adminConnectionString;
        Source = source;
    }

    public static Task<PostgresServer> Instance => Shared.Value;

    /// <summary>Which kind of server the run uses, for test output.</summary>
    public string Source { get; }

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("PROGRESSION_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured)) return new PostgresServer(configured, "PROGRESSION_TEST_DB");

        if (await TryContainerAsync() is { } container) return container;

        RemoveStaleClusters();
        var folder = Path.Combine(Path.GetTempPath(), $"{ClusterPrefix}{Guid.NewGuid():N}");
        var cluster = await LocalPostgres.StartAsync(folder, "postgres", throwaway: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.StopAsync().GetAwaiter().GetResult();
            Directory.Delete(folder, recursive: true);
        };
        return new PostgresServer(cluster.ConnectionString("postgres"), $"local cluster on port {cluster.Port}");
    }

    private const string ClusterPrefix = "progression-tests-";

    /// <summary>
    /// The test host may be torn down before ProcessExit handlers finish; a later run removes the folders of
    /// clusters that no longer run.
    /// </summary>
    private static void RemoveStaleClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), ClusterPrefix + "*"))
        {
            if (File.Exists(Path.Combine(folder, "postmaster.pid"))) continue;
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { } // another run may be creating it right now
            catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<PostgresServer?> TryContainerAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new PostgresServer(container.GetConnectionString(), "Testcontainers");
        }
        catch (Exception ex) when (ex is DockerUnavailableException or ArgumentException or InvalidOperationException)
        {
            return null; // no Docker engine here: fall back to the local binaries
        }
    }
}
