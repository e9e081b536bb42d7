using System.Diagnostics;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

/// <summary>
/// The service with an OTLP endpoint configured (where no collector listens: exporting fails quietly) and the same
/// telemetry copied to memory, to see what an operator's collector would get.
/// </summary>
public sealed class TelemetryFixture : AppFixture
{
    public List<Activity> Spans { get; } = [];
    public List<MetricSnapshot> Metrics { get; } = [];

    protected override Task<IAlbaHost> StartAsync() => Boot(builder =>
    {
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
        builder.UseSetting("Telemetry:PollSeconds", "0.2");
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        });
    });

    public void Flush()
    {
        Host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }
}

public class TelemetryTests(TelemetryFixture app) : IClassFixture<TelemetryFixture>
{
    private static readonly Dictionary<string, decimal> Scores = new()
    {
        ["labour-market-education-mastery"] = 4, ["job-education-search-skills"] = 4, ["everyday-mastery"] = 4,
    };

    [Fact]
    public async Task Commands_produce_spans_and_metrics_from_every_layer_without_ids_or_personal_data()
    {
        var reference = CaseScenarios.Reference();
        // Other test classes run in this process too: the caller's trace id picks out this test's request.
        var trace = ActivityTraceId.CreateRandom();
        var opened = await app.Host.Post("/api/cases", new
        {
            citizenReference = reference, targetGroup = "adult", services = new[] { "employment" },
            happenedAt = DateTimeOffset.UtcNow.AddDays(-200),
        }, headers: new Dictionary<string, string> { ["traceparent"] = $"00-{trace}-{ActivitySpanId.CreateRandom()}-01" });
        Assert.Equal(201, opened.Status);
        var caseId = opened.Body.GetProperty("caseId").GetGuid();
        // Measured 100 days ago: the 91-day follow-up is due, and the sweep records it.
        await app.Host.Record(caseId, "measurements", new
        {
            instrument = "boligsocial-progression-goals", measuredBy = "m", scores = Scores, happenedAt = DateTimeOffset.UtcNow.AddDays(-100),
        });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await app.Host.Get($"/api/cases/{caseId}")).Body.GetProperty("dueFollowUps").GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the follow-up was not recorded");
            await Task.Delay(200);
        }
        await Task.Delay(500); // a poll of the gauges
        app.Flush();

        var spans = app.Spans.ToList();
        var request = spans.Single(s => s.Kind == ActivityKind.Server && s.TraceId == trace);
        Assert.Equal("/api/cases", request.GetTagItem("http.route"));
        Assert.Equal("/api/cases", request.GetTagItem("url.path"));
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.TraceId == request.TraceId);
        Assert.Contains(spans, s => s.Source.Name == "Marten");
        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string ?? "").StartsWith("/health"));
        foreach (var span in spans)
        foreach (var (key, value) in span.TagObjects)
        {
            var text = value?.ToString() ?? "";
            Assert.False(text.Contains(caseId.ToString()) || text.Contains(reference), $"{span.Source.Name} {span.DisplayName}: {key} = {text}");
        }

        var metrics = app.Metrics.ToList();
        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("http.server.request.duration", names);
        Assert.Contains(names, n => n.StartsWith("dotnet.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("db.client.", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.Name == "marten.event.append" && Tagged(m, "tenant.id", "0101"));
        Assert.Contains(metrics, m => m.Name == "progression.follow_ups.recorded" && Tagged(m, "municipality", "0101") && Tagged(m, "kind", "Measurement"));
        Assert.Contains(metrics, m => m.Name == "progression.projection.lag" && Tagged(m, "projection", "CaseFacts"));
        Assert.Contains(metrics, m => m.Name == "progression.projection.faulted");
    }

    private static bool Tagged(MetricSnapshot metric, string key, string value) =>
        metric.MetricPoints.Any(p =>
        {
            foreach (var tag in p.Tags)
                if (tag.Key == key && tag.Value?.ToString() == value) return true;
            return false;
        });
}
