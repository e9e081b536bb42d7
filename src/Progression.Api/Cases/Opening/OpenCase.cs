using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Opening;

/// <summary>
/// Opens a case for a citizen known only by a pseudonymous reference (the municipality's own key for the person,
/// never a CPR number or a name). The client may choose the case id; with an Idempotency-Key and no id, the id is
/// derived from the key, so a retry lands on the same stream.
/// </summary>
public sealed record OpenCase(
    string CitizenReference,
    string TargetGroup,
    IReadOnlyList<ServiceArea>? Services = null,
    Guid? CaseId = null,
    DateTimeOffset? HappenedAt = null) : ICaseRequest;

public static partial class OpenCaseEndpoint
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex ReferenceFormat();

    // Ten digits, optionally DDMMYY-XXXX: the shape of a CPR number, which must never enter the event store.
    [GeneratedRegex(@"^\d{6}-?\d{4}$")]
    private static partial Regex CprShape();

    public static ProblemDetails Validate(OpenCase command, CommandContext context) => Problems.FirstOf(
        () => Problems.Text("citizenReference", command.CitizenReference, 64, required: true),
        () => CprShape().IsMatch(command.CitizenReference.Trim())
            ? Problems.Invalid("citizenReference", "looks like a CPR number: use the citizen's pseudonymous reference")
            : null,
        () => ReferenceFormat().IsMatch(command.CitizenReference)
            ? null
            : Problems.Invalid("citizenReference", "may hold letters, digits and . _ : - only (at most 64)"),
        () => context.Catalogue.FindGroup(command.TargetGroup) is null
            ? Problems.Invalid("targetGroup", $"'{command.TargetGroup}' is not a target group ({string.Join(", ", context.Catalogue.Groups.Select(g => g.Id))})")
            : null,
        () => command.CaseId == Guid.Empty ? Problems.Invalid("caseId", "must not be the empty id") : null,
        () => (command.Services ?? []).Distinct().Count() != (command.Services ?? []).Count
            ? Problems.Invalid("services", "lists a service twice")
            : null,
        () => context.CheckHappenedAt(command.HappenedAt)) ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases", OperationId = "openCase")]
    [ProducesResponseType<CommandAccepted>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(OpenCase command, CommandContext context)
    {
        var id = CaseIdFor(command, context);
        var opened = new CaseOpened(id, command.CitizenReference, command.TargetGroup, context.Municipality,
            command.Services ?? [], command.HappenedAt ?? context.Now);
        return (Results.Created($"/api/cases/{id}", new CommandAccepted(id, 1)),
            MartenOps.StartStream<Case>(id, opened));
    }

    public static Guid CaseIdFor(OpenCase command, CommandContext context)
    {
        if (command.CaseId is { } chosen) return chosen;
        if (context.IdempotencyKey is not { } key) return Guid.CreateVersion7(context.Now);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{context.Municipality}\n{key}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
