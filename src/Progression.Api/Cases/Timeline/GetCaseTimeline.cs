using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Api.Cases.Auditing;
using Progression.Api.Cases.Viewing;
using Progression.Domain.Cases;
using Wolverine.Http;

namespace Progression.Api.Cases.Timeline;

/// <summary>
/// One event of a case's history: its contract name (as in schema/events), the stream version it made, when it
/// happened, when it was recorded and by whom (the staff user id; none for what the service appended itself, such as a
/// follow-up falling due), and the event's own fields.
/// </summary>
public sealed record TimelineEntry(long Version, string Event, DateTimeOffset HappenedAt, DateTimeOffset RecordedAt, string? RecordedBy, object Data);

public static class GetCaseTimelineEndpoint
{
    /// <summary>
    /// Every event of the case, oldest first, for the people who may read the case (audited like the case view). The
    /// citizen reference of the opening is left out: the timeline is about the pathway, not the person.
    /// </summary>
    [WolverineGet("/api/cases/{caseId}/timeline", OperationId = "getCaseTimeline")]
    [ProducesResponseType<IReadOnlyList<TimelineEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid caseId, IQuerySession session, ReadAudit audit, HttpContext http)
    {
        var lookup = await CaseHistory.Read(session, Caller.From(http.User), caseId, null, null, http.RequestAborted);
        if (!lookup.Visible) return Results.Problem(Problems.NoSuchCase(caseId));
        var events = await session.Events.FetchStreamAsync(caseId, token: http.RequestAborted);
        await audit.RecordAsync(http, lookup.AsRequested!.Municipality, [caseId], "timeline");
        return Results.Ok(events.Select(e => new TimelineEntry(
            e.Version, e.EventTypeName.Replace('_', '-'), ((ICaseEvent)e.Data).HappenedAt, e.Timestamp,
            string.IsNullOrEmpty(e.UserName) ? null : e.UserName,
            e.Data is CaseOpened opened ? new { opened.TargetGroup, opened.Municipality, opened.Services, opened.HappenedAt } : e.Data)));
    }
}
