using System.Diagnostics;
using JasperFx.CommandLine;
using Progression.Api.Hosting;
using Spectre.Console;

namespace Progression.Api.ReadModels;

public sealed class ReadModelsInput : NetCoreInput
{
    [Description("rebuild: every read model from the events, from scratch")]
    public string Action { get; set; } = "";
}

[Description("Rebuild every read model (case views, case list, evaluation documents, dashboard sums) from the events; "
             + "runs alone: stop the service first", Name = "read-models")]
public sealed class ReadModelsCommand : JasperFxAsyncCommand<ReadModelsInput>
{
    public override async Task<bool> Execute(ReadModelsInput input)
    {
        if (input.Action != "rebuild")
        {
            Console.Error.WriteLine($"Not an action on the read models: {input.Action} (rebuild is)");
            return false;
        }

        using var host = input.BuildHost();
        var rebuild = ActivatorUtilities.CreateInstance<ReadModelRebuild>(host.Services);
        var watch = Stopwatch.StartNew();
        (long Cases, long Events) result;
        try
        {
            result = await ConsoleProgress.Bar().StartAsync(async progress =>
            {
                ProgressTask? task = null;
                return await rebuild.RebuildAsync(
                    (cases, events) => task = progress.AddTask($"Rebuilding the read models of {cases:N0} cases ({events:N0} events)",
                        maxValue: Math.Max(events, 1)),
                    folded => task!.Value = folded, CancellationToken.None);
            });
        }
        catch (InvalidOperationException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return false;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Rebuilt the read models of {result.Cases:N0} cases ({result.Events:N0} events) in {seconds:0.0} s "
                          + $"({result.Events / seconds:N0} events/s).");
        return true;
    }
}
