using Marten;
using Progression.Api.Hosting;
using Progression.Api.Seeding;
using Progression.Domain.Seeding;

namespace Progression.Api.Demo;

/// <summary>
/// On the first start of the run command (Demo:Load = true, no case yet): a few thousand synthetic cases
/// (Demo:Cases, default 3000) over the four largest municipalities, so lists and dashboards show real-looking figures
/// with few counts suppressed. Loaded before the projection daemon starts (this service is registered ahead of it).
/// </summary>
public sealed class DemoSeed(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Any case on any database (a pool has no default tenant to ask Marten through).
        foreach (var database in await services.GetRequiredService<MunicipalityDatabases>().AllAsync())
        {
            await using var anyCase = database.DataSource.CreateCommand("select exists (select 1 from progression.mt_doc_case)");
            if (await anyCase.ExecuteScalarAsync(cancellationToken) is true) return;
        }
        var seeder = services.GetRequiredService<Seeder>();
        var options = new SeedOptions(configuration.GetValue("Demo:Cases", 3000), Kommunekoder.First(4), Seed: 1, seeder.Now);
        Console.WriteLine($"Loading demo data: {options.Cases:N0} synthetic cases in {string.Join(", ", options.Municipalities)}…");
        await seeder.SeedAsync(options, _ => { }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
