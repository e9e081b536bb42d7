using Progression.Domain.Cases;

namespace Progression.Domain.Analytics;

/// <summary>A mentor's (or everyone's) open cases, the most pressing first: what to pick up today.</summary>
public static class Caseload
{
    /// <summary>
    /// Open cases, of <paramref name="mentor"/> when given; ordered by the number of follow-ups due (most first), then
    /// by age (oldest first). A follow-up counts once it has fallen due by <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<CaseloadEntry> Of(IEnumerable<CaseFacts> cases, string? mentor, DateTimeOffset now) =>
    [
        .. cases.Select(f => f.Case)
            .Where(c => c.IsOpen && (mentor is null || c.Mentors.Contains(mentor)))
            .Select(c => Entry(c, now))
            .OrderByDescending(e => e.DueFollowUps.Count)
            .ThenBy(e => e.OpenedAt)
            // Ties by the id as text: the order PostgreSQL gives uuids, so a list read from the database agrees.
            .ThenBy(e => e.CaseId.ToString(), StringComparer.Ordinal),
    ];

    public static CaseloadEntry Entry(Case c, DateTimeOffset now) => new(
        c.Id,
        c.TargetGroup,
        c.OpenedAt,
        c.Mentors,
        [.. c.DueFollowUps.Where(f => f.DueAt <= now).OrderBy(f => f.DueAt)],
        c.Barriers.Count(b => b.IsOpen),
        c.BlindSpots.Count(),
        c.Interventions.Count(i => i.Status == InterventionStatus.Active));
}

/// <summary>
/// One open case on a caseload: its follow-ups due (oldest first), open barriers, those no active intervention
/// addresses (blind spots) and the interventions running.
/// </summary>
public sealed record CaseloadEntry(
    Guid CaseId,
    string TargetGroup,
    DateTimeOffset OpenedAt,
    IReadOnlyList<string> Mentors,
    IReadOnlyList<DueFollowUp> DueFollowUps,
    int OpenBarriers,
    int BlindSpots,
    int ActiveInterventions);
