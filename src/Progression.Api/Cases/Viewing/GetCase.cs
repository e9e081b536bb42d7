using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Api.Cases.Auditing;
using Progression.Domain.Cases;
using Wolverine.Http;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Cases.Viewing;

/// <summary>
/// The case view and its matrix, now or as they stood: <c>?version=n</c> after the n-th event, <c>?asOf=</c> as
/// recorded by that moment (a date means the end of that day, UTC). History is replayed from the events; the
/// current view is the inline projection. Every read is audited; a mentor reads only cases assigned to them now.
/// </summary>
public static class GetCaseEndpoint
{
    [WolverineGet("/api/cases/{caseId}", OperationId = "getCase")]
    [ProducesResponseType<Case>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(Guid caseId, string? asOf, long? version, IQuerySession session, ReadAudit audit, HttpContext http) =>
        Respond(caseId, asOf, version, session, audit, http, "case", current => Task.FromResult<object>(current));

    [WolverineGet("/api/cases/{caseId}/matrix", OperationId = "getCaseMatrix")]
    [ProducesResponseType<CaseMatrix>(StatusCodes.Status200OK)]
    public static Task<IResult> GetMatrix(Guid caseId, string? asOf, long? version, IQuerySession session, ReadAudit audit, HttpContext http,
        CatalogueModel catalogue) =>
        Respond(caseId, asOf, version, session, audit, http, "matrix", current => Task.FromResult<object>(CaseMatrix.Of(current, catalogue)));

    /// <summary>A view of the case as requested (now, at a version, as of a moment), for a caller who may see it; audited.</summary>
    public static async Task<IResult> Respond(Guid caseId, string? asOf, long? version, IQuerySession session, ReadAudit audit, HttpContext http,
        string what, Func<Case, Task<object>> view)
    {
        if (version is < 1) return Results.Problem(Problems.Invalid("version", "must be 1 or more"));
        DateTimeOffset? timestamp = null;
        if (asOf is not null)
        {
            if (ParseAsOf(asOf) is not { } parsed)
                return Results.Problem(Problems.Invalid("asOf", "must be a date (2026-03-01) or a date and time with offset (2026-03-01T12:00:00Z)"));
            timestamp = parsed;
        }

        var (visible, current) = await CaseHistory.Read(session, Caller.From(http.User), caseId, version, timestamp, http.RequestAborted);
        if (!visible) return Results.Problem(Problems.NoSuchCase(caseId));
        if (current is null)
            return Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "The case did not exist then",
                Detail = $"Case {caseId} did not exist at that point.",
            });

        await audit.RecordAsync(http, current.Municipality, [caseId],
            timestamp is null && version is null ? what : $"{what} as of {(object?)asOf ?? $"version {version}"}");
        http.Response.Headers.ETag = $"\"{current.Version}\"";
        return Results.Ok(await view(current));
    }

    private static DateTimeOffset? ParseAsOf(string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }
}
