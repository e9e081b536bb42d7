using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Api.Cases.Auditing;
using Progression.Domain.Cases;
using Wolverine.Http;

namespace Progression.Api.Cases.Citizens;

/// <summary>
/// The citizen's personal identifiers, kept apart from the event store in a document keyed by the pseudonymous
/// citizen reference: recorded and read by coordinators only (every read audited), deleted by erasure. Nothing here
/// is ever written to an event, a log line or an evaluator view.
/// </summary>
public sealed record CitizenIdentity(string Id, string Name, string? Cpr, string? Phone, string? Email, string? Address,
    DateTimeOffset RecordedAt, string RecordedBy);

public sealed record RecordCitizenIdentity(string Name, string? Cpr = null, string? Phone = null, string? Email = null, string? Address = null);

public static partial class RecordCitizenIdentityEndpoint
{
    [GeneratedRegex(@"^\d{6}-?\d{4}$")]
    private static partial Regex CprFormat();

    public static ProblemDetails Validate(RecordCitizenIdentity command) => Problems.FirstOf(
        () => Problems.Text("name", command.Name, 200, required: true),
        () => command.Cpr is { } cpr && !CprFormat().IsMatch(cpr) ? Problems.Invalid("cpr", "must be ten digits (DDMMYY-XXXX)") : null,
        () => Problems.Text("phone", command.Phone, 40, required: false),
        () => Problems.Text("email", command.Email, 200, required: false),
        () => Problems.Text("address", command.Address, 300, required: false)) ?? WolverineContinue.NoProblems;

    [WolverinePut("/api/citizens/{reference}/identity", OperationId = "recordCitizenIdentity")]
    public static async Task<IResult> Put(string reference, RecordCitizenIdentity command, IDocumentSession session, HttpContext http)
    {
        var cases = await CitizenReferences.CasesOf(session, reference, http.RequestAborted);
        if (cases.Count == 0)
            return Results.Problem(new ProblemDetails { Status = 404, Title = "No such citizen", Detail = "No case of this municipality has this citizen reference." });
        session.Store(new CitizenIdentity(reference, command.Name, command.Cpr, command.Phone, command.Email, command.Address,
            DateTimeOffset.UtcNow, Caller.From(http.User).UserId));
        return Results.NoContent();
    }
}

public static class GetCitizenIdentityEndpoint
{
    [WolverineGet("/api/citizens/{reference}/identity", OperationId = "getCitizenIdentity")]
    [ProducesResponseType<CitizenIdentity>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string reference, IQuerySession session, ReadAudit audit, HttpContext http)
    {
        var identity = await session.LoadAsync<CitizenIdentity>(reference, http.RequestAborted);
        if (identity is null)
            return Results.Problem(new ProblemDetails { Status = 404, Title = "No identity recorded", Detail = "No identifiers are recorded for this reference." });
        await audit.RecordAsync(http, session.TenantId, await CitizenReferences.CasesOf(session, reference, http.RequestAborted), "citizen identity");
        return Results.Ok(identity);
    }
}

public static class CitizenReferences
{
    /// <summary>The cases of this municipality (the session's tenant) that know the citizen by this reference.</summary>
    public static async Task<IReadOnlyList<Guid>> CasesOf(IQuerySession session, string reference, CancellationToken ct) =>
        await session.Query<Case>().Where(c => c.CitizenReference == reference).Select(c => c.Id).ToListAsync(ct);
}
