using Progression.Domain.Cases;
using Wolverine;
using Wolverine.Marten;

namespace Progression.Api.Cases.FollowUps;

/// <summary>The next progression measurement of an instrument falls due, unless a newer measurement came first.</summary>
public sealed record MeasurementFollowUp(Guid CaseId, string Instrument, Guid AfterMeasurement, DateTimeOffset DueAt);

/// <summary>A retention check of an outcome falls due at 3, 6 or 12 months.</summary>
public sealed record RetentionFollowUp(Guid CaseId, Guid OutcomeId, int Months, DateTimeOffset DueAt);

/// <summary>
/// Follow-ups are durable scheduled Wolverine messages, stored with the events that caused them (outbox) and kept in
/// PostgreSQL until due, so they survive restarts. When one fires it is checked against the case as it stands now:
/// a follow-up that later events made moot appends nothing.
/// </summary>
public static class FollowUpSchedule
{
    public static readonly int[] RetentionCheckpointMonths = [3, 6, 12];

    public static OutgoingMessages AfterMeasurement(string municipality, Guid caseId, ProgressionMeasured measured, int intervalDays) =>
        [NextMeasurement(municipality, caseId, measured.Instrument, measured.MeasurementId, measured.HappenedAt, intervalDays)];

    public static OutgoingMessages AfterOutcome(string municipality, Guid caseId, OutcomeReached outcome) =>
        [.. RetentionChecks(municipality, caseId, outcome.OutcomeId, outcome.HappenedAt, RetentionCheckpointMonths)];

    /// <summary>
    /// Follow-ups that fell due while the case was closed were dropped; reopening schedules them again (those already
    /// past fire at once). Any that are moot by then, or still pending from before, append nothing when they fire.
    /// </summary>
    public static OutgoingMessages AfterReopening(string municipality, Case current, Func<string, int> intervalDays) =>
    [
        .. current.LatestMeasurements.Select(m =>
            NextMeasurement(municipality, current.Id, m.Instrument, m.MeasurementId, m.MeasuredAt, intervalDays(m.Instrument))),
        .. current.Outcomes.Where(o => o.Status == OutcomeStatus.Reached).SelectMany(o =>
            RetentionChecks(municipality, current.Id, o.Id, o.ReachedAt, RetentionCheckpointMonths.Except(o.RetainedAtMonths))),
    ];

    private static object NextMeasurement(string municipality, Guid caseId, string instrument, Guid measurementId, DateTimeOffset measuredAt, int intervalDays)
    {
        var dueAt = measuredAt.AddDays(intervalDays);
        return Scheduled(municipality, new MeasurementFollowUp(caseId, instrument, measurementId, dueAt), dueAt);
    }

    private static IEnumerable<object> RetentionChecks(string municipality, Guid caseId, Guid outcomeId, DateTimeOffset reachedAt, IEnumerable<int> months) =>
        months.Select(m =>
        {
            var dueAt = reachedAt.AddMonths(m);
            return Scheduled(municipality, new RetentionFollowUp(caseId, outcomeId, m, dueAt), dueAt);
        });

    // The tenant travels on the envelope, so the handler's session opens in the case's municipality.
    private static object Scheduled<T>(string municipality, T message, DateTimeOffset dueAt) =>
        new DeliveryMessage<T>(message, new DeliveryOptions { ScheduledTime = dueAt, TenantId = municipality });

    public static FollowUpDue? Decide(Case current, MeasurementFollowUp due)
    {
        var stillDue = current.IsOpen
                       && current.LatestMeasurement(due.Instrument)?.MeasurementId == due.AfterMeasurement
                       && !current.DueFollowUps.Any(f => f.Kind == FollowUpKind.Measurement && f.Instrument == due.Instrument);
        return stillDue ? new FollowUpDue(FollowUpKind.Measurement, due.DueAt, Instrument: due.Instrument) : null;
    }

    public static FollowUpDue? Decide(Case current, RetentionFollowUp due)
    {
        var outcome = current.Outcome(due.OutcomeId);
        var stillDue = current.IsOpen
                       && outcome is { Status: OutcomeStatus.Reached }
                       && !outcome.RetainedAtMonths.Contains(due.Months)
                       && !current.DueFollowUps.Any(f => f.OutcomeId == due.OutcomeId && f.CheckpointMonths == due.Months);
        return stillDue
            ? new FollowUpDue(FollowUpKind.Retention, due.DueAt, OutcomeId: due.OutcomeId, CheckpointMonths: due.Months)
            : null;
    }
}

public static class FollowUpHandler
{
    [AggregateHandler]
    public static Events Handle(MeasurementFollowUp due, Case current) => [.. Due(FollowUpSchedule.Decide(current, due))];

    [AggregateHandler]
    public static Events Handle(RetentionFollowUp due, Case current) => [.. Due(FollowUpSchedule.Decide(current, due))];

    private static IEnumerable<object> Due(FollowUpDue? due) => due is null ? [] : [due];
}
