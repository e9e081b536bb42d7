using System.Diagnostics;
using System.Text.Json;

namespace Progression.Harness;

/// <summary>One of the repository's own programs (a benchmark, the fault suite) run to its end from its build.</summary>
public static class ToolRun
{
    /// <summary>
    /// Runs <paramref name="project"/> (a folder under the repository, e.g. <c>bench/Progression.Bench</c>) from the build of
    /// the same configuration as the caller, with <paramref name="arguments"/> and <c>--out</c> a temporary file: its exit
    /// code, the JSON it wrote there (if any) and what it printed.
    /// </summary>
    public static async Task<(int ExitCode, JsonElement? Result, string Log)> RunAsync(string project, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(ServiceProcess.RepositoryRoot, project, "bin", configuration, "net10.0", Path.GetFileName(project) + ".dll");
        var output = Path.Combine(Path.GetTempPath(), $"progression-run-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[dll, .. arguments, "--out", output]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);
        JsonElement? result = File.Exists(output) ? JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.Clone() : null;
        File.Delete(output);
        return (process.ExitCode, result, $"{await log}\n{await errors}");
    }
}
