using Marten;
using Progression.Api.Hosting;
using Progression.Api.ReadModels;
using Progression.Domain.Seeding;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Seeding;

/// <summary>
/// Realistic synthetic case histories (<see cref="CaseGenerator"/>, distributions in docs/seed-data.md) loaded in bulk
/// with every read model current at the end. Additive: a seed's cases are new cases (ids from the seed), refused if
/// they are there already. Each municipality's cases go to its database (<see cref="MunicipalityDatabases"/>). Takes every
/// database exclusively (no service may run on one meanwhile).
/// </summary>
public sealed class Seeder(IDocumentStore store, MunicipalityDatabases databases, CatalogueModel catalogue, TimeProvider clock)
{
    public async Task SeedAsync(SeedOptions options, Action<int> loaded, CancellationToken ct)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var exclusive = await ExclusiveUse.AcquireAsync(await databases.AllAsync(), ct);
        var cases = CaseGenerator.Generate(catalogue, options);
        var first = cases.First();
        await using (var session = store.QuerySession(first.Municipality))
            if (await session.LoadAsync<Domain.Cases.Case>(first.Id, ct) is not null)
                throw new InvalidOperationException($"Seed {options.Seed} was loaded already: choose another --seed to add more cases.");
        await new BulkLoad(store, databases, catalogue).LoadAsync(
            cases.Select(c => new HistoryToLoad(c.Municipality, c.Id, c.Events)), options.Now, loaded, ct);
    }

    /// <summary>Seeds with a progress bar on the console.</summary>
    public async Task SeedWithProgressAsync(SeedOptions options, CancellationToken ct) =>
        await ConsoleProgress.Bar().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Seeding {options.Cases:N0} cases in {options.Municipalities.Count} municipalities", maxValue: options.Cases);
            await SeedAsync(options, loaded => task.Value = loaded, ct);
        });

    public DateTimeOffset Now => clock.GetUtcNow();
}
