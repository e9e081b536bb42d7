namespace Progression.Domain.Cases;

/// <summary>
/// The follow-ups a case waits for, derived from the case itself: the next measurement of each instrument it was
/// measured on (an interval after the latest measurement), and the retention checks of each outcome still held (3, 6 and
/// 12 months after it was reached). One that has fallen due is recorded as <see cref="FollowUpDue"/> and waits no more;
/// recording the measurement or the check settles it. A closed or erased case waits for nothing; reopened, it waits
/// again for what it waited for before (those already past fall due at once).
/// </summary>
public static class FollowUpRules
{
    public static readonly int[] RetentionCheckpointMonths = [3, 6, 12];

    /// <summary>Every follow-up the case waits for, as the event that records it when it falls due.</summary>
    public static IEnumerable<FollowUpDue> Pending(Case current, Func<string, int> intervalDays)
    {
        if (!current.IsOpen || current.IsErased) yield break;
        foreach (var measured in current.LatestMeasurements)
            if (!current.DueFollowUps.Any(f => f.Kind == FollowUpKind.Measurement && f.Instrument == measured.Instrument))
                yield return new FollowUpDue(FollowUpKind.Measurement, measured.MeasuredAt.AddDays(intervalDays(measured.Instrument)),
                    Instrument: measured.Instrument);
        foreach (var outcome in current.Outcomes.Where(o => o.Status == OutcomeStatus.Reached))
            foreach (var months in RetentionCheckpointMonths.Except(outcome.RetainedAtMonths))
                if (!current.DueFollowUps.Any(f => f.OutcomeId == outcome.Id && f.CheckpointMonths == months))
                    yield return new FollowUpDue(FollowUpKind.Retention, outcome.ReachedAt.AddMonths(months),
                        OutcomeId: outcome.Id, CheckpointMonths: months);
    }

    /// <summary>When the next follow-up falls due, if the case waits for one.</summary>
    public static DateTimeOffset? Next(Case current, Func<string, int> intervalDays) =>
        Pending(current, intervalDays).Select(f => (DateTimeOffset?)f.HappenedAt).Min();

    /// <summary>The follow-ups that have fallen due by <paramref name="now"/>: what to record, oldest first.</summary>
    public static IReadOnlyList<FollowUpDue> DueBy(Case current, Func<string, int> intervalDays, DateTimeOffset now) =>
        [.. Pending(current, intervalDays).Where(f => f.HappenedAt <= now).OrderBy(f => f.HappenedAt)];
}
