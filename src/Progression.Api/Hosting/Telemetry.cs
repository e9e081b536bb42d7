using System.Diagnostics;
using JasperFx.OpenTelemetry;
using Marten;
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
                // Probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(http => http.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Marten", "Wolverine")
                .AddProcessor(new WithoutIdentifiers()))
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
    /// Takes off every span, whichever library set them, the tags that identify a case or a person: a request's path
    /// and query (case ids, citizen references; the route's template stays, as <c>http.route</c> and in the path),
    /// the case's stream id and the signed-in user Wolverine adds. Runs before any exporter sees the span.
    /// </summary>
    private sealed class WithoutIdentifiers : BaseProcessor<Activity>
    {
        private static readonly string[] Dropped = ["url.query", "wolverine.stream.id", "enduser.id"];

        public override void OnEnd(Activity activity)
        {
            foreach (var key in Dropped)
                if (activity.GetTagItem(key) is not null) activity.SetTag(key, null);
            if (activity.Kind == ActivityKind.Server && activity.GetTagItem("url.path") is not null)
                activity.SetTag("url.path", activity.GetTagItem("http.route"));
        }
    }
}
