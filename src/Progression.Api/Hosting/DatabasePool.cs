using JasperFx;
using Marten;
using Weasel.Core.MultiTenancy;

namespace Progression.Api.Hosting;

/// <summary>
/// Municipalities spread over several PostgreSQL databases, with Marten's sharded tenancy: the <c>Databases</c> section
/// names a control database (Marten's pool registry and tenant placements, Wolverine's node tables) and the pool
/// (<c>Databases:Pool:&lt;id&gt;</c> = connection string). Without the section, one database holds every municipality.
/// </summary>
public sealed record DatabasePool(string Control, IReadOnlyDictionary<string, string> Databases, string Placement)
{
    public const string Section = "Databases";

    /// <summary>The control database's name where databases are named (health): no pool database may take it.</summary>
    public const string ControlId = "control";

    /// <summary>Where Marten keeps the pool's registry and the tenant → database placements, in the control database.</summary>
    public const string RegistrySchema = "progression_pool";

    /// <summary>The settings that name this pool (what a deployment, a test or a benchmark sets): <see cref="From"/> reads them.</summary>
    public Dictionary<string, string> Settings => new(Databases.Select(d => KeyValuePair.Create($"{Section}:Pool:{d.Key}", d.Value)))
    {
        [$"{Section}:Control"] = Control, [$"{Section}:Placement"] = Placement,
    };

    /// <summary>The pool the configuration names, or null for the single database.</summary>
    public static DatabasePool? From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var databases = section.GetSection("Pool").GetChildren().ToDictionary(d => d.Key, d => d.Value ?? "");
        if (databases.Count == 0) return null;
        var control = section["Control"] is { Length: > 0 } c ? c
            : throw new InvalidOperationException($"{Section}:Control: the pool needs a control database (the placements live there).");
        if (databases.FirstOrDefault(d => d.Value.Length == 0) is { Key: not null } empty)
            throw new InvalidOperationException($"{Section}:Pool:{empty.Key}: no connection string.");
        if (databases.ContainsKey(ControlId))
            throw new InvalidOperationException($"{Section}:Pool:{ControlId}: '{ControlId}' names the control database; give the pool database another id.");
        var placement = section["Placement"] ?? "smallest";
        if (placement is not ("smallest" or "explicit"))
            throw new InvalidOperationException($"{Section}:Placement: '{placement}' is neither 'smallest' nor 'explicit'.");
        return new DatabasePool(control, databases, placement);
    }

    /// <summary>
    /// A municipality seen for the first time goes to the database with the fewest (<c>smallest</c>, the default), or
    /// must have been placed beforehand (<c>explicit</c>: <c>./run.sh databases place</c>). Once placed it stays.
    /// </summary>
    public void Configure(StoreOptions opts) => opts.MultiTenantedWithShardedDatabases(pool =>
    {
        pool.ConnectionString = Control;
        pool.SchemaName = RegistrySchema;
        // The registry's two tables are created when missing, in production too: db-apply reads the pool from them
        // to find the databases it migrates.
        pool.AutoCreate = AutoCreate.CreateOrUpdate;
        foreach (var (id, connection) in Databases) pool.AddDatabase(id, ProgressionDatabase.WithKeepalive(connection));
        pool.UseCustomAssignment(new MunicipalitiesPlaced(explicitly: Placement == "explicit"));
    });

    /// <summary>
    /// Where a tenant seen for the first time goes. Besides municipalities, each evaluator keeps programmes under a
    /// tenant of their own (<c>evaluator:&lt;user&gt;</c>): those always go where there is most room, or an operator
    /// would have to place every new evaluator.
    /// </summary>
    private sealed class MunicipalitiesPlaced(bool explicitly) : ITenantAssignmentStrategy
    {
        private readonly ITenantAssignmentStrategy _smallest = new SmallestTenantAssignment(), _explicit = new ExplicitTenantAssignment();

        public ValueTask<string> AssignTenantToDatabaseAsync(string tenantId, IReadOnlyList<PooledDatabase> availableDatabases) =>
            (explicitly && !tenantId.StartsWith(Programmes.Reader.EvaluatorOwnerPrefix, StringComparison.Ordinal) ? _explicit : _smallest)
            .AssignTenantToDatabaseAsync(tenantId, availableDatabases);
    }
}
