using JasperFx.OpenTelemetry;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Progression.Api.Hosting;

/// <summary>
/// OpenTelemetry, off unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector (the standard variable, or the same
/// key in configuration; the other <c>OTEL_*</c> settings apply as the SDK documents them). Then traces, metrics and
/// logs go out over OTLP: ASP.NET Core, HttpClient, the runtime, Npgsql, Marten's and Wolverine's own sources and
/// meters, and <see cref="ProgressionMetrics"/>. Off, nothing listens, so the libraries' instruments cost a check.
/// </summary>
public static class Telemetry
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool IsOn(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[Endpoint]);

    public static void AddProgressionTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProgressionMetrics>();
        if (!IsOn(builder.Configuration)) return;

        builder.Services.AddHostedService<ProgressionMetrics.Poller>();
        builder.Services.ConfigureMarten(opts =>
        {
            opts.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            opts.OpenTelemetry.TrackEventCounters();
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "progression"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(http =>
                {
                    // Probes every few seconds would drown the traces that matter.
                    http.Filter = context => !context.Request.Path.StartsWithSegments("/health");
                    http.EnrichWithHttpResponse = (activity, response) => WithoutIdentifiers(activity, response.HttpContext);
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Marten", "Wolverine"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                // Wolverine names its meter "Wolverine:{service name}".
                .AddMeter("Marten", "Wolverine*", ProgressionMetrics.MeterName))
            .WithLogging()
            .UseOtlpExporter();
    }

    /// <summary>
    /// Logs with correlation ids (<see cref="CorrelatedJsonFormatter"/>), the console's format unless
    /// <c>Logging:Console:FormatterName</c> names another (e.g. <c>simple</c>). With telemetry on they also go out
    /// over OTLP, tied to their traces.
    /// </summary>
    public static void AddCorrelatedLogs(this ILoggingBuilder logging)
    {
        logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        logging.AddConsoleFormatter<CorrelatedJsonFormatter, ConsoleFormatterOptions>();
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= CorrelatedJsonFormatter.FormatterName);
    }

    /// <summary>
    /// A request's path holds case ids and citizen references: the span keeps the route's template (as
    /// <c>http.route</c> already does) and loses the path and the query.
    /// </summary>
    private static void WithoutIdentifiers(System.Diagnostics.Activity activity, HttpContext context)
    {
        activity.SetTag("url.path", (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
        activity.SetTag("url.query", null);
    }
}
