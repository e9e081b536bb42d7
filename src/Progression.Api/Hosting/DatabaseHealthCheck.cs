using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// Healthy when PostgreSQL answers a query within the check's time (5 s), whatever the server does. With a pool
/// (<see cref="DatabasePool"/>), each database is reported by name, and the node stays ready (degraded) while any pool
/// database answers: its municipalities are served (their placements are known to the node), so a load balancer must
/// not take the node out. The control database down is degraded too: no new municipality can be placed meanwhile, and
/// projections do not move between nodes. Unhealthy only when no pool database answers.
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource control, MunicipalityDatabases databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!databases.Pooled)
            return await ProblemAsync(control, ct) is { } problem ? HealthCheckResult.Unhealthy($"PostgreSQL did not answer ({problem})")
                : HealthCheckResult.Healthy("PostgreSQL answered");
        var pool = await databases.AllAsync();
        var answers = await Task.WhenAll(pool.Append(new Database(DatabasePool.ControlId, control))
            .Select(async d => (d.Id, Problem: await ProblemAsync(d.DataSource, ct))));
        var data = answers.ToDictionary(a => a.Id, a => (object)(a.Problem ?? "answered"));
        var silent = answers.Where(a => a.Problem is not null).Select(a => a.Id).ToList();
        return silent.Count == 0 ? HealthCheckResult.Healthy($"The control database and {pool.Count} pool databases answered", data)
            : answers.Any(a => a.Id != DatabasePool.ControlId && a.Problem is null)
                ? HealthCheckResult.Degraded($"Databases not answering: {string.Join(", ", silent)}", data: data)
                : HealthCheckResult.Unhealthy("No pool database answered", data: data);
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
