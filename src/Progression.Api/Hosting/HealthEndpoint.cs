using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Progression.Api.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency asked, so an orchestrator never restarts a node for a
/// database outage). <c>/health/ready</c>: the database answers and the dashboards' projection is not stopped by a
/// fault. <c>/health</c>: every check, as before the split. All anonymous: statuses, counts and kinds of failure,
/// never connection details or event data.
/// </summary>
public static class HealthEndpoint
{
    private const string Ready = "ready";

    public static IServiceCollection AddProgressionHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ProjectionHealthCheck>("projection", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>200 with each check's status when healthy or degraded, 503 otherwise.</summary>
    public static void MapProgressionHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, JsonSerializerOptions.Web);
    }
}
