using System.Text.Json;
using Progression.Harness;

namespace Progression.Tests.Hosting;

/// <summary>The benchmarks run end to end at a tiny size (the figures themselves are docs/benchmarks*.md's business).</summary>
public class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_read_benchmark_seeds_serves_and_times_every_query_at_a_tiny_size()
    {
        var (runs, log) = await RunBenchmarkAsync("--sizes", "60,120", "--iterations", "3", "--municipalities", "2");
        Assert.Equal([60, 120], runs.Select(r => r.GetProperty("cases").GetInt32()));
        Assert.All(runs, run =>
        {
            Assert.Equal(8, run.GetProperty("queries").EnumerateObject().Count());
            Assert.All(run.GetProperty("queries").EnumerateObject(), q => Assert.True(q.Value.GetProperty("p95").GetDouble() > 0));
            Assert.True(run.GetProperty("peakRssMb").GetDouble() > 0);
            Assert.True(run.GetProperty("events").GetInt64() > run.GetProperty("cases").GetInt64());
        });
        Assert.Contains("| evaluator matrix |", log);
    }

    [Fact]
    public async Task The_pool_benchmark_times_every_query_on_one_database_and_on_a_pool_of_two_at_a_tiny_size()
    {
        var (runs, log) = await RunBenchmarkAsync("--mode", "pool", "--sizes", "60", "--iterations", "3", "--municipalities", "2");
        var run = Assert.Single(runs);
        foreach (var databases in new[] { "oneDatabase", "twoDatabases" })
            Assert.All(run.GetProperty(databases).GetProperty("queries").EnumerateObject(), q => Assert.True(q.Value.GetProperty("p95").GetDouble() > 0));
        Assert.Equal(8, run.GetProperty("p95TwoOverOne").EnumerateObject().Count());
        Assert.Contains("one / two databases", log);
    }

    [Fact]
    public async Task The_import_benchmark_times_the_import_and_raw_copy_of_the_same_events_at_a_tiny_size()
    {
        var (runs, log) = await RunBenchmarkAsync("--mode", "import", "--sizes", "40", "--municipalities", "2");
        var run = Assert.Single(runs);
        Assert.Equal(40, run.GetProperty("cases").GetInt32());
        Assert.True(run.GetProperty("events").GetInt64() > 40);
        foreach (var rate in new[] { "importEventsPerSecond", "importOwnEventsPerSecond", "rawCopyEventsPerSecond", "importShareOfRawCopy" })
            Assert.True(run.GetProperty(rate).GetDouble() > 0, rate);
        Assert.Contains("raw binary COPY", log);
    }

    [Fact]
    public async Task The_rebuild_benchmark_times_the_rebuild_and_a_raw_read_of_the_same_events_at_a_tiny_size()
    {
        var (runs, log) = await RunBenchmarkAsync("--mode", "rebuild", "--sizes", "40", "--municipalities", "2");
        var run = Assert.Single(runs);
        Assert.Equal(40, run.GetProperty("cases").GetInt32());
        Assert.True(run.GetProperty("events").GetInt64() > 40);
        foreach (var figure in new[] { "rawReadEventsPerSecond", "rebuildEventsPerSecond", "rebuildOwnEventsPerSecond", "rebuildShareOfRawRead", "rebuildPeakRssMb" })
            Assert.True(run.GetProperty(figure).GetDouble() > 0, figure);
        Assert.Contains("read models as the seed wrote them", log);
    }

    [Fact]
    public async Task The_write_benchmark_drives_commands_and_the_bare_endpoint_at_each_client_count()
    {
        var (runs, log) = await RunBenchmarkAsync("--mode", "writes", "--clients", "1,2", "--seconds", "1");
        Assert.Equal([1, 2], runs.Select(r => r.GetProperty("clients").GetInt32()));
        Assert.All(runs, run =>
        {
            foreach (var target in new[] { "bare", "commands" })
                Assert.True(run.GetProperty(target).GetProperty("requests").GetInt32() > 0 && run.GetProperty(target).GetProperty("p99").GetDouble() > 0, target);
            Assert.True(run.GetProperty("throughputShare").GetDouble() > 0);
        });
        Assert.Contains("of the bare endpoint's", log);
    }

    /// <summary>Runs the benchmark's build with the arguments; its runs from the JSON it wrote, and what it printed.</summary>
    private static async Task<(List<JsonElement> Runs, string Log)> RunBenchmarkAsync(params string[] arguments)
    {
        var (exit, result, log) = await ToolRun.RunAsync("bench/Progression.Bench", arguments, TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, log);
        return (result!.Value.GetProperty("runs").EnumerateArray().ToList(), log);
    }
}
