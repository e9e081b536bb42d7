using Spectre.Console;

namespace Progression.Api.Hosting;

/// <summary>The progress bar of the bulk commands (seed, import, export) on the console.</summary>
public static class ConsoleProgress
{
    public static Progress Bar() => AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());
}
