using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using Progression.Api.ReadModels;
using Progression.Domain.Cases;

namespace Progression.Api.Hosting;

/// <summary>
/// The service's own meter, for what no library measures: follow-ups the sweep recorded, the sweep's backlog, and the
/// dashboards' projection (lag in events, and whether a fault stopped it). Tags are municipality codes, projection
/// names and follow-up kinds, never a case or a person. The gauges read the database, so every node reports them
/// whichever node runs the projection or wins a sweep; <see cref="Poller"/> reads it only while telemetry is on.
/// </summary>
public sealed class ProgressionMetrics
{
    public const string MeterName = "Progression";

    private readonly Counter<long> _followUpsRecorded;
    private volatile Observation? _latest;

    public ProgressionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _followUpsRecorded = meter.CreateCounter<long>("progression.follow_ups.recorded", "{follow-up}",
            "Follow-ups the sweep recorded as due (FollowUpDue events), by municipality and kind");
        meter.CreateObservableGauge("progression.follow_ups.backlog", () => _latest?.Backlog ?? [], "{case}",
            "Cases whose next follow-up fell due and the sweep has not recorded yet, by municipality");
        meter.CreateObservableGauge("progression.projection.lag", () => Projection(p => p.Behind), "{event}",
            "Events in the store the projection has not applied (high-water mark minus its progress)");
        meter.CreateObservableGauge("progression.projection.faulted", () => Projection(p => p.Faulted ? 1 : 0), "{projection}",
            "1 while an event the projection could not read or apply stops it");
    }

    public void FollowUpsRecorded(string municipality, IReadOnlyList<FollowUpDue> due)
    {
        if (!_followUpsRecorded.Enabled) return;
        foreach (var kind in due.GroupBy(d => d.Kind))
            _followUpsRecorded.Add(kind.Count(), new TagList { { "municipality", municipality }, { "kind", kind.Key.ToString() } });
    }

    private IEnumerable<Measurement<long>> Projection(Func<ProjectionState, long> value) =>
        _latest?.Projection is { } projection
            ? [new Measurement<long>(value(projection), new KeyValuePair<string, object?>("projection", projection.Projection))]
            : [];

    private sealed record Observation(ProjectionState Projection, IReadOnlyList<Measurement<long>> Backlog);

    /// <summary>Reads the gauges' values every <c>Telemetry:PollSeconds</c> (15): the SDK's callbacks cannot wait for a query.</summary>
    public sealed class Poller(ProgressionMetrics metrics, MunicipalityDatabases databases, IConfiguration configuration, ILogger<Poller> log)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(configuration.GetValue("Telemetry:PollSeconds", 15.0)));
            do
            {
                try
                {
                    // Every database's part; a database that does not answer leaves its part out until it does.
                    var backlog = await databases.EachAsync(d => BacklogAsync(d, stoppingToken));
                    metrics._latest = new Observation((await ProjectionState.ReadAllAsync(databases, stoppingToken)).Value,
                        [.. backlog.Parts.SelectMany(p => p)]);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    metrics._latest = null; // no figure rather than a stale one
                    log.LogDebug("Telemetry gauges not read ({Kind})", ex.GetType().Name);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }

        private static async Task<IReadOnlyList<Measurement<long>>> BacklogAsync(NpgsqlDataSource database, CancellationToken ct)
        {
            await using var command = database.CreateCommand(
                $"select tenant_id, count(*) from {ReadModelSchema.Schema}.{ReadModelSchema.CaseList} "
                + "where next_follow_up_at <= now() group by tenant_id");
            var backlog = new List<Measurement<long>>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                backlog.Add(new Measurement<long>(reader.GetInt64(1), new KeyValuePair<string, object?>("municipality", reader.GetString(0))));
            return backlog;
        }
    }
}
