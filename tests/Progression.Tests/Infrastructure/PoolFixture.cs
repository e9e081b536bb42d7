using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Progression.Api.Hosting;
using Progression.Harness;

namespace Progression.Tests.Infrastructure;

/// <summary>
/// The service on a pool of two databases (<c>a</c> and <c>b</c>) with a control database (this fixture's own,
/// <see cref="AppFixture.ConnectionString"/>), all on the test server, municipalities placed on the smaller database as
/// they come (<see cref="DatabasePool"/>).
/// </summary>
public class PoolFixture : AppFixture
{
    /// <summary>The pool: each database's id and connection string.</summary>
    public IReadOnlyDictionary<string, string> Pool { get; private set; } = null!;

    public string Control => ConnectionString;

    /// <summary>The settings that name the pool, for the service's command line run as a process.</summary>
    public Dictionary<string, string> Settings => new(DatabaseSettings);

    /// <summary>Where a municipality seen for the first time goes (<see cref="DatabasePool"/>).</summary>
    protected virtual string Placement => "smallest";

    protected override IReadOnlyDictionary<string, string> DatabaseSettings => new DatabasePool(Control, Pool, Placement).Settings;

    public override async Task InitializeAsync()
    {
        Pool = await CreatePoolAsync(await PostgresServer.Instance);
        await base.InitializeAsync();
    }

    /// <summary>The pool's databases: two on the test server, unless a fixture puts them elsewhere.</summary>
    protected virtual async Task<IReadOnlyDictionary<string, string>> CreatePoolAsync(PostgresServer server) => new Dictionary<string, string>
    {
        ["a"] = await server.CreateDatabaseAsync($"{GetType().Name}_a"),
        ["b"] = await server.CreateDatabaseAsync($"{GetType().Name}_b"),
    };

    /// <summary>Removes what <see cref="CreatePoolAsync"/> made.</summary>
    protected virtual async Task DropPoolAsync(PostgresServer server)
    {
        foreach (var database in Pool.Values) await server.DropDatabaseAsync(database);
    }

    /// <summary>The database each municipality is placed on, as the control database records it.</summary>
    public async Task<Dictionary<string, string>> PlacementsAsync() =>
        (await DatabaseRows.RowsAsync(Control,
            $"select tenant_id, database_id from {DatabasePool.RegistrySchema}.mt_tenant_assignments order by tenant_id"))
        .Select(row => row.Split('|')).ToDictionary(row => row[0], row => row[1]);

    /// <summary>
    /// Stops the service. A stopped service's process ends and its connections with it; this one lives on in the test
    /// process, so the idle pooled connections of its databases (some held the shared lock) are closed by hand.
    /// </summary>
    public async Task StopServiceAsync()
    {
        // Taken before stopping: a stopped test host disposes its services once Program's Main returns.
        var databases = await Host.Services.GetRequiredService<MunicipalityDatabases>().AllAsync();
        await Host.StopAsync();
        foreach (var database in databases)
        {
            try
            {
                database.DataSource.Clear();
            }
            catch (ObjectDisposedException) { }
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await DropPoolAsync(await PostgresServer.Instance);
    }
}
