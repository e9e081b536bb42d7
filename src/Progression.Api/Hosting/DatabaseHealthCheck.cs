using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>Healthy when PostgreSQL answers a query within the check's time (5 s), whatever the server does.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            // A frozen server may hold the connection attempt past any token: the check's own time bounds the answer.
            await command.ExecuteScalarAsync(ct).WaitAsync(ct);
            return HealthCheckResult.Healthy("PostgreSQL answered");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The reason only: connection details stay out of an unauthenticated endpoint.
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer ({ex.GetType().Name})");
        }
    }
}
