using JasperFx.CommandLine;
using Marten;
using Marten.Storage;
using Progression.Domain.Seeding;

namespace Progression.Api.Hosting;

public sealed class DatabasesInput : NetCoreInput
{
    [Description("list | add <id> <connection string> | place <municipality> <id> | full <id>")]
    public string Action { get; set; } = "list";

    [Description("add, full: the database's id in the pool; place: the municipality (kommunekode)")]
    public string Subject { get; set; } = "";

    [Description("add: the database's connection string; place: the id of the database to place the municipality on")]
    public string Target { get; set; } = "";
}

/// <summary>
/// The pool of databases (<see cref="DatabasePool"/>) while the service runs: every node reads the pool's registry in the
/// control database, so a database added here takes new municipalities without a restart. Moving a municipality that
/// already has data is not a placement: export it, import it on the other database (offline, docs/scaling-out.md).
/// </summary>
[Description("The pool of databases municipalities are spread over: list it, add a database, place a new municipality, "
             + "mark a database full; runs beside the service", Name = "databases")]
public sealed class DatabasesCommand : JasperFxAsyncCommand<DatabasesInput>
{
    public DatabasesCommand()
    {
        Usage("What the pool holds").Arguments(x => x.Action);
        Usage("Add a database, or mark one full").Arguments(x => x.Action, x => x.Subject);
        Usage("Add a database with its connection string, or place a municipality on a database")
            .Arguments(x => x.Action, x => x.Subject, x => x.Target);
    }

    public override async Task<bool> Execute(DatabasesInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        if (store.Options.Tenancy is not ShardedTenancy pool)
        {
            Console.Error.WriteLine($"No pool is configured: one database holds every municipality (see the {DatabasePool.Section} section).");
            return false;
        }
        try
        {
            return await RunAsync(input, store, pool, host.Services.GetRequiredService<MunicipalityDatabases>());
        }
        catch (InvalidOperationException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return false;
        }
    }

    private static async Task<bool> RunAsync(DatabasesInput input, IDocumentStore store, ShardedTenancy pool, MunicipalityDatabases databases)
    {
        var ct = CancellationToken.None;
        switch (input.Action, input.Subject, input.Target)
        {
            case ("list", "", ""):
                foreach (var database in (await pool.ListDatabasesAsync(ct)).OrderBy(d => d.DatabaseId))
                    Console.WriteLine($"{database.DatabaseId}: {database.TenantCount} tenants{(database.IsFull ? ", full" : "")}");
                return true;
            case ("add", { Length: > 0 } id, { Length: > 0 } connection):
                await store.Advanced.AddDatabaseToPoolAsync(id, ProgressionDatabase.WithKeepalive(connection), ct);
                // A new, empty database: its tables are created now, so the first municipality placed on it can write.
                await (await store.Storage.FindOrCreateDatabase(id)).ApplyAllConfiguredChangesToDatabaseAsync();
                Console.WriteLine($"Added {id} to the pool; new municipalities may be placed on it now.");
                return true;
            case ("place", { Length: > 0 } municipality, { Length: > 0 } id):
                if (Kommunekoder.Find(municipality) is null) throw new InvalidOperationException($"{municipality} is not a kommunekode.");
                if (await pool.FindDatabaseForTenantAsync(municipality, ct) is { } placed)
                    throw new InvalidOperationException(placed == id ? $"{municipality} is on {id} already."
                        : $"{municipality} is on {placed}: moving its data is an export and an import, not a placement.");
                // Reads the pool's registry, so a database added by another process is known here and gets the partitions.
                if ((await databases.AllAsync()).All(d => d.Id != id))
                    throw new InvalidOperationException($"{id} is not in the pool: add it first.");
                await store.Advanced.AddTenantToShardAsync(municipality, id, ct);
                Console.WriteLine($"Placed {municipality} on {id}.");
                return true;
            case ("full", { Length: > 0 } id, ""):
                await store.Advanced.MarkDatabaseFullAsync(id, ct);
                Console.WriteLine($"{id} takes no new municipalities; those on it stay.");
                return true;
            default:
                Console.Error.WriteLine("Usage: databases list | add <id> <connection string> | place <municipality> <id> | full <id>");
                return false;
        }
    }
}
