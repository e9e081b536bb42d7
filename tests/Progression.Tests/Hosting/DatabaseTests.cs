using Marten;
using Npgsql;
using Progression.Api.Hosting;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

public class DatabaseTests
{
    [Fact]
    public async Task The_test_server_is_a_real_postgresql()
    {
        var server = await PostgresServer.Instance;
        var cs = await server.CreateDatabaseAsync("version");
        try
        {
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("show server_version_num", connection);
            var version = int.Parse((string)(await command.ExecuteScalarAsync())!);
            Assert.True(version >= 150000, $"expected PostgreSQL 15 or later from {server.Source}, got {version}");
        }
        finally
        {
            await server.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task Each_fixture_database_is_isolated_from_the_others()
    {
        var server = await PostgresServer.Instance;
        var first = await server.CreateDatabaseAsync("isolation");
        var second = await server.CreateDatabaseAsync("isolation");
        try
        {
            Assert.NotEqual(first, second);
            await Execute(first, "create table marker(id int); insert into marker values (42)");
            Assert.Equal(42, await Scalar(first, "select id from marker"));
            var exists = await Scalar(second, "select count(*)::int from information_schema.tables where table_name = 'marker'");
            Assert.Equal(0, exists);
        }
        finally
        {
            await server.DropDatabaseAsync(first);
            await server.DropDatabaseAsync(second);
        }
    }

    [Fact]
    public async Task The_embedded_cluster_keeps_its_data_between_runs_and_attaches_when_already_running()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"progression-embedded-{Guid.NewGuid():N}");
        try
        {
            var first = await LocalPostgres.StartAsync(folder, "progression", throwaway: false);
            await Execute(first.ConnectionString("progression"), "create table kept(id int); insert into kept values (7)");

            var attached = await LocalPostgres.StartAsync(folder, "progression", throwaway: false);
            Assert.Equal(first.Port, attached.Port);

            await first.StopAsync();
            Assert.False(File.Exists(Path.Combine(folder, "postmaster.pid")));

            var restarted = await LocalPostgres.StartAsync(folder, "progression", throwaway: false);
            try
            {
                Assert.Equal(7, await Scalar(restarted.ConnectionString("progression"), "select id from kept"));
            }
            finally
            {
                await restarted.StopAsync();
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Health_check_is_unhealthy_when_the_database_does_not_answer()
    {
        // A port nothing listens on: the check must report, not throw.
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");
        using var store = DocumentStore.For(opts => opts.Connection(dataSource));
        var result = await new DatabaseHealthCheck(dataSource, new MunicipalityDatabases(store)).CheckHealthAsync(new());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
    }

    private static async Task Execute(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> Scalar(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
