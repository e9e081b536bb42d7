using System.Diagnostics;
using JasperFx.CommandLine;
using Progression.Domain.Seeding;

namespace Progression.Api.Seeding;

public sealed class SeedInput : NetCoreInput
{
    [Description("How many cases to add")]
    public int CasesFlag { get; set; } = 1000;

    [Description("Municipality codes (0101,0751,0461) or a count: the first N of Denmark's kommunekoder (København, Aarhus, Odense, Aalborg, then by code)")]
    public string MunicipalitiesFlag { get; set; } = "4";

    [Description("The generator's seed: the same seed gives the same cases; another seed adds other cases")]
    public int SeedFlag { get; set; } = 1;
}

[Description("Add realistic synthetic cases (events and every read model) to the configured or embedded database", Name = "seed")]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public override async Task<bool> Execute(SeedInput input)
    {
        var municipalities = int.TryParse(input.MunicipalitiesFlag, out var count)
            ? Kommunekoder.First(count)
            : input.MunicipalitiesFlag.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = municipalities.Where(m => Kommunekoder.Find(m) is null).ToList();
        if (unknown.Count > 0 || municipalities.Count == 0 || input.CasesFlag < 1)
        {
            Console.Error.WriteLine(unknown.Count > 0 ? $"Not kommunekoder: {string.Join(", ", unknown)}" : "Give at least one case and one municipality.");
            return false;
        }

        using var host = input.BuildHost();
        var seeder = host.Services.GetRequiredService<Seeder>();
        var watch = Stopwatch.StartNew();
        try
        {
            await seeder.SeedWithProgressAsync(new SeedOptions(input.CasesFlag, municipalities, input.SeedFlag, seeder.Now), CancellationToken.None);
        }
        catch (InvalidOperationException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return false;
        }
        Console.WriteLine($"Seeded {input.CasesFlag:N0} cases in {watch.Elapsed.TotalSeconds:0.0} s ({input.CasesFlag / watch.Elapsed.TotalSeconds:N0} cases/s).");
        return true;
    }
}
