using Marten;
using Progression.Api.Access;
using Progression.Domain.Cases;

namespace Progression.Api.Cases.Viewing;

/// <summary>Whether the caller may see a case, and the case as it stood at a version or moment (or now).</summary>
public sealed record CaseLookup(bool Visible, Case? AsRequested);

public static class CaseHistory
{
    /// <summary>
    /// Reads a case for a caller, for both the REST and the GraphQL read paths: the current view decides visibility
    /// (the session's municipality; a mentor's current assignment); history is replayed from the events.
    /// </summary>
    public static async Task<CaseLookup> Read(IQuerySession session, Caller caller, Guid caseId, long? version, DateTimeOffset? asOf, CancellationToken ct)
    {
        var now = await session.LoadAsync<Case>(caseId, ct);
        if (now is null || !caller.MaySee(now)) return new CaseLookup(false, null);
        return new CaseLookup(true, version is null && asOf is null
            ? now
            : await session.Events.AggregateStreamAsync<Case>(caseId, version ?? 0, asOf, token: ct));
    }
}
