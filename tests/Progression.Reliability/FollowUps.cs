using System.Net;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>
/// Cases whose next measurement falls due during the run: measured (back-dated) one interval minus a few seconds or
/// minutes ago, so the sweep must record each of them while nodes die and the database restarts, and once only.
/// </summary>
public sealed record FollowUps(IReadOnlyList<Guid> Cases, DateTimeOffset LastDue)
{
    private const int Count = 20;
    private const int IntervalDays = 91; // the instrument's interval (catalogue)

    public static async Task<FollowUps> ScheduleAsync(Load load, Caller coordinator, TimeSpan duration)
    {
        var now = DateTimeOffset.UtcNow;
        var cases = new List<Guid>();
        var last = now;
        for (var i = 0; i < Count; i++)
        {
            // Due between a tenth and four fifths into the run: across the outage and the node kill.
            var due = now + duration * (0.1 + 0.7 * i / (Count - 1));
            var (caseId, version) = await load.OpenAsync(coordinator,
                new { citizenReference = CitizenReferences.New(), targetGroup = "adult", happenedAt = now.AddDays(-IntervalDays - 10) }, CancellationToken.None);
            var body = new
            {
                instrument = Load.Instrument, scores = Load.Scores(i), measuredBy = "follow-up-schedule", expectedVersion = version,
                happenedAt = due.AddDays(-IntervalDays),
            };
            using var answer = await load.SendAsync(load.AnyNode, HttpMethod.Post, $"/api/cases/{caseId}/measurements", coordinator, body,
                    CancellationToken.None)
                ?? throw new InvalidOperationException("no node answered while the follow-ups were scheduled");
            if (answer.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException(
                    $"scheduling a follow-up was answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            cases.Add(caseId);
            last = due;
        }
        return new FollowUps(cases, last);
    }
}
