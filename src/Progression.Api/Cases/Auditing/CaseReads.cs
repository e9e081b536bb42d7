using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Domain.Cases;
using Wolverine.Http;

namespace Progression.Api.Cases.Auditing;

/// <summary>
/// One read of a case's details: who (staff user id and role), when, what, and why if a purpose was given.
/// Citizens have a right to know who looked them up (Datatilsynet 2024-32-0283), so every read leaves one.
/// </summary>
public sealed record CaseRead(Guid Id, Guid CaseId, string UserId, string Roles, string What, DateTimeOffset At, string? Purpose);

public static class CaseReads
{
    public const string PurposeHeader = "X-Purpose";
    private const int MaxPurposeLength = 200;

    /// <summary>Adds the audit record to the request's session: it commits with the request, or not at all.</summary>
    public static void Record(IDocumentSession session, HttpContext http, Guid caseId, string what)
    {
        var caller = Caller.From(http.User);
        var purpose = http.Request.Headers[PurposeHeader].ToString() is { Length: > 0 } given
            ? given[..Math.Min(given.Length, MaxPurposeLength)]
            : null;
        session.Store(new CaseRead(Guid.CreateVersion7(), caseId, caller.UserId, string.Join(",", caller.Roles.Order()), what,
            DateTimeOffset.UtcNow, purpose));
    }

    /// <summary>Who read this case, newest first: for the coordinator answering a citizen's access request.</summary>
    [WolverineGet("/api/cases/{caseId}/reads", OperationId = "getCaseReads")]
    [ProducesResponseType<IReadOnlyList<CaseRead>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid caseId, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Case>(caseId, ct) is null) return Results.Problem(Problems.NoSuchCase(caseId));
        var reads = await session.Query<CaseRead>().Where(r => r.CaseId == caseId).OrderByDescending(r => r.At).ToListAsync(ct);
        return Results.Ok(reads);
    }
}
