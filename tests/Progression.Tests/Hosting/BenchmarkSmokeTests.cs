using System.Diagnostics;
using System.Text.Json;
using Progression.Harness;

namespace Progression.Tests.Hosting;

/// <summary>The read benchmark runs end to end at a tiny size (the figures themselves are docs/benchmarks.md's business).</summary>
public class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_read_benchmark_seeds_serves_and_times_every_query_at_a_tiny_size()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var bench = Path.Combine(ServiceProcess.RepositoryRoot, "bench", "Progression.Bench", "bin", configuration, "net10.0", "Progression.Bench.dll");
        var output = Path.Combine(Path.GetTempPath(), $"progression-bench-smoke-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { bench, "--sizes", "60,120", "--iterations", "3", "--municipalities", "2", "--out", output })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.True(process.ExitCode == 0, $"{await log}\n{await errors}");

        var result = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement;
        File.Delete(output);
        var runs = result.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([60, 120], runs.Select(r => r.GetProperty("cases").GetInt32()));
        Assert.All(runs, run =>
        {
            Assert.Equal(8, run.GetProperty("queries").EnumerateObject().Count());
            Assert.All(run.GetProperty("queries").EnumerateObject(), q => Assert.True(q.Value.GetProperty("p95").GetDouble() > 0));
            Assert.True(run.GetProperty("peakRssMb").GetDouble() > 0);
            Assert.True(run.GetProperty("events").GetInt64() > run.GetProperty("cases").GetInt64());
        });
        Assert.Contains("| evaluator matrix |", await log);
    }
}
