using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using Progression.Api.Hosting;
using Progression.Harness;

namespace Progression.Bench;

/// <summary>What every benchmark does with the service: configure it on a database, run its commands, sum up latencies.</summary>
public static class BenchService
{
    /// <summary>The service's settings for <paramref name="database"/> of the cluster, with <paramref name="key"/> signing and pseudonymising.</summary>
    public static Dictionary<string, string> Settings(LocalPostgres cluster, string database, byte[] key) => new()
    {
        ["ConnectionStrings:Progression"] = cluster.ConnectionString(database),
        ["Auth:SigningKey"] = Convert.ToBase64String(key), ["Privacy:PseudonymKey"] = Convert.ToBase64String(key),
    };

    /// <summary>Runs one of the service's commands (db-apply, seed, export, import) in Production; its output, or why it failed.</summary>
    public static async Task<string> RunAsync(string[] arguments, Dictionary<string, string> settings) =>
        (await RunMeasuredAsync(arguments, settings)).Output;

    /// <summary>Runs a command as <see cref="RunAsync"/> does; its output and the most memory it held.</summary>
    public static async Task<(string Output, long PeakResidentBytes)> RunMeasuredAsync(string[] arguments, Dictionary<string, string> settings)
    {
        var (exit, output, peak) = await ServiceProcess.RunMeasuredAsync(arguments, settings, "Production", TimeSpan.FromMinutes(30));
        return exit == 0 ? (output, peak) : throw new InvalidOperationException($"{arguments[0]} exited with {exit}:\n{output}");
    }

    /// <summary>p50, p95, p99 and the maximum of latencies in milliseconds, to two decimals.</summary>
    public static JsonObject Percentiles(IEnumerable<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        double At(double p) => Math.Round(sorted[(int)Math.Ceiling(p * sorted.Length) - 1], 2);
        return new JsonObject { ["p50"] = At(0.50), ["p95"] = At(0.95), ["p99"] = At(0.99), ["max"] = Math.Round(sorted[^1], 2) };
    }
}

/// <summary>One-off reads of a benchmark's database.</summary>
public static class Sql
{
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
