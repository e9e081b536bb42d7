using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Progression.Api.ReadModels;

namespace Progression.Api.Hosting;

/// <summary>
/// Readiness of the dashboards' projection: unhealthy when an event stopped it (the dashboards then miss everything
/// after that event), degraded when no node runs it or it is further behind than <c>Health:ProjectionLagEvents</c>
/// (default 10,000): the service still takes commands and answers, the dashboards say how stale they are. With a
/// pool, each database runs its own projection: they are reported as one (<see cref="ProjectionState.Combine"/>), a
/// database that does not answer left to the database check.
/// </summary>
public sealed class ProjectionHealthCheck(MunicipalityDatabases databases, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        ProjectionState projection;
        try
        {
            projection = (await ProjectionState.ReadAllAsync(databases, ct).WaitAsync(ct)).Value;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"Projection state could not be read ({ex.GetType().Name})");
        }
        var data = new Dictionary<string, object>
        {
            ["projection"] = projection.Projection,
            ["state"] = projection.State.ToString(),
            ["behind"] = projection.Behind,
        };
        if (projection.Failure is { } failure) data["failure"] = failure;
        if (projection.FailedAtSequence is { } sequence) data["failedAtSequence"] = sequence;

        var lagLimit = configuration.GetValue("Health:ProjectionLagEvents", 10_000L);
        var said = $"{projection.Projection} is "
                   + (projection.State is ProjectionRunState.NotStarted ? "not started" : projection.State.ToString().ToLowerInvariant());
        return projection switch
        {
            { Faulted: true } => HealthCheckResult.Unhealthy($"{said}: {projection.Failure} at event {projection.FailedAtSequence}", data: data),
            { State: ProjectionRunState.Paused or ProjectionRunState.Stopped } => HealthCheckResult.Degraded($"{said}, no failure recorded", data: data),
            _ when projection.Behind > lagLimit => HealthCheckResult.Degraded($"{said}, {projection.Behind} events behind", data: data),
            _ => HealthCheckResult.Healthy(said, data),
        };
    }
}
