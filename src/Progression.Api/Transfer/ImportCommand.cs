using System.Diagnostics;
using JasperFx.CommandLine;
using Progression.Api.Hosting;
using Spectre.Console;

namespace Progression.Api.Transfer;

public sealed class ImportInput : NetCoreInput
{
    [Description("The JSON Lines file to import (schema/import): one case with all its events a line")]
    public string File { get; set; } = "";
}

[Description("Import case histories from a JSON Lines file: each line checked against the catalogue and the command rules, "
             + "the good ones loaded in bulk with every read model current; exits non-zero when a line was refused", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        if (!File.Exists(input.File))
        {
            Console.Error.WriteLine($"No such file: {input.File}");
            return false;
        }

        using var host = input.BuildHost();
        var importer = ActivatorUtilities.CreateInstance<Importer>(host.Services);
        var watch = Stopwatch.StartNew();
        ImportResult result;
        try
        {
            result = await ConsoleProgress.Bar().StartAsync(async progress =>
            {
                ProgressTask? task = null;
                return await importer.ImportAsync(input.File,
                    lines => task = progress.AddTask($"Importing {Path.GetFileName(input.File)} ({lines:N0} lines)", maxValue: Math.Max(lines, 1)),
                    read => task!.Value = read, CancellationToken.None);
            });
        }
        catch (InvalidOperationException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return false;
        }

        // Reasons name fields and catalogue ids, never a field's text: the report may be kept like a log.
        foreach (var (line, caseId, problem) in result.Refused)
            Console.Error.WriteLine($"line {line}{(caseId is { } id ? $" (case {id})" : "")}: {problem.Title}: {problem.Detail}");
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Imported {Count(result.Cases, "case")} ({Count(result.Events, "event")}) of {Count(result.Lines, "line")} "
                          + $"in {seconds:0.0} s ({result.Events / seconds:N0} events/s); refused {Count(result.Refused.Count, "line")}.");
        return result.Refused.Count == 0;
    }

    private static string Count(long n, string noun) => $"{n:N0} {noun}{(n == 1 ? "" : "s")}";
}
