using System.Diagnostics;
using JasperFx.CommandLine;
using Progression.Api.Hosting;
using Progression.Domain.Seeding;
using Spectre.Console;

namespace Progression.Api.Transfer;

public sealed class ExportInput : NetCoreInput
{
    [Description("The file to write: JSON Lines, one case with all its events a line (schema/import)")]
    public string File { get; set; } = "";

    [Description("Only the cases of this municipality (its kommunekode, e.g. 0101)")]
    public string? MunicipalityFlag { get; set; }
}

[Description("Write case histories, every event as stored, to a JSON Lines file that import reads", Name = "export")]
public sealed class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    public override async Task<bool> Execute(ExportInput input)
    {
        if (input.MunicipalityFlag is { } code && Kommunekoder.Find(code) is null)
        {
            Console.Error.WriteLine($"Not a kommunekode: {code}");
            return false;
        }

        using var host = input.BuildHost();
        var exporter = ActivatorUtilities.CreateInstance<Exporter>(host.Services);
        var watch = Stopwatch.StartNew();
        // Written aside and moved into place at the end: a file under the given name is always a whole export.
        var partial = input.File + ".partial";
        var (cases, events) = (0L, 0L);
        await ConsoleProgress.Bar().StartAsync(async progress =>
        {
            ProgressTask? task = null;
            await using var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            (cases, events) = await exporter.ExportAsync(input.MunicipalityFlag, file,
                total => task = progress.AddTask($"Exporting {total:N0} cases", maxValue: Math.Max(total, 1)),
                written => task!.Value = written, CancellationToken.None);
        });
        File.Move(partial, input.File, overwrite: true);
        Console.WriteLine($"Exported {cases:N0} cases ({events:N0} events) to {input.File} in {watch.Elapsed.TotalSeconds:0.0} s.");
        return true;
    }
}
