using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// Healthy when PostgreSQL answers a query within the check's time (5 s), whatever the server does. With a pool
/// (<see cref="DatabasePool"/>) the control database must answer (placements and nodes live there); a pool database
/// that does not is reported by name, degraded, not unhealthy: the municipalities on the others are served, so a load
/// balancer must not take the node out for it.
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource control, MunicipalityDatabases databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (await ProblemAsync(control, ct) is { } problem) return HealthCheckResult.Unhealthy($"PostgreSQL did not answer ({problem})");
        var pool = await databases.AllAsync();
        if (pool is [_]) return HealthCheckResult.Healthy("PostgreSQL answered");
        var answers = await Task.WhenAll(pool.Select(async d => (d.Id, Problem: await ProblemAsync(d.DataSource, ct))));
        var data = answers.ToDictionary(a => a.Id, a => (object)(a.Problem ?? "answered"));
        return answers.Any(a => a.Problem is not null)
            ? HealthCheckResult.Degraded($"Databases not answering: {string.Join(", ", answers.Where(a => a.Problem is not null).Select(a => a.Id))}",
                data: data)
            : HealthCheckResult.Healthy($"The control database and {pool.Count} pool databases answered", data);
    }

    /// <summary>Why a database did not answer (the kind of failure only: connection details stay out of an anonymous endpoint).</summary>
    private static async Task<string?> ProblemAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        try
        {
            await using var command = database.CreateCommand("select 1");
            // A frozen server may hold the connection attempt past any token: the check's own time bounds the answer.
            await command.ExecuteScalarAsync(ct).WaitAsync(ct);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return ex.GetType().Name;
        }
    }
}
