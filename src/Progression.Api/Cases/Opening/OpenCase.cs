using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Opening;

/// <summary>
/// Opens a case for a citizen known only by a pseudonymous reference (the municipality's own key for the person,
/// never a CPR number or a name). The service chooses the case id, unique in the whole store: a new random one, or,
/// with an Idempotency-Key, one derived from the municipality and the key, so a retry lands on the same stream and
/// two municipalities using the same key never meet (nor learn of each other's cases).
/// </summary>
public sealed record OpenCase(
    string CitizenReference,
    string TargetGroup,
    IReadOnlyList<ServiceArea>? Services = null,
    DateTimeOffset? HappenedAt = null) : ICaseRequest;

public static partial class OpenCaseEndpoint
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex ReferenceFormat();

    // A CPR number anywhere in the reference (a date DDMMYY, then four digits, perhaps apart): it must never enter
    // the event store, whatever it is wrapped in. Other digit runs (journal numbers) pass.
    [GeneratedRegex(@"(?<!\d)(?<day>[0-3]\d)(?<month>[01]\d)\d{2}[-._ /]?\d{4}(?!\d)")]
    private static partial Regex CprShape();

    private static bool HoldsCprNumber(string reference) =>
        CprShape().Matches(reference).Any(m =>
            int.Parse(m.Groups["day"].Value) is >= 1 and <= 31 && int.Parse(m.Groups["month"].Value) is >= 1 and <= 12);

    public static ProblemDetails Validate(OpenCase command, CommandContext context) => Problems.FirstOf(
        () => Problems.Text("citizenReference", command.CitizenReference, 64, required: true),
        () => HoldsCprNumber(command.CitizenReference)
            ? Problems.Invalid("citizenReference", "looks like a CPR number: use the citizen's pseudonymous reference")
            : null,
        () => ReferenceFormat().IsMatch(command.CitizenReference)
            ? null
            : Problems.Invalid("citizenReference", "may hold letters, digits and . _ : - only (at most 64)"),
        () => context.Catalogue.FindGroup(command.TargetGroup) is null
            ? Problems.Invalid("targetGroup", $"'{command.TargetGroup}' is not a target group ({string.Join(", ", context.Catalogue.Groups.Select(g => g.Id))})")
            : null,
        () => (command.Services ?? []).Distinct().Count() != (command.Services ?? []).Count
            ? Problems.Invalid("services", "lists a service twice")
            : null,
        () => context.CheckHappenedAt(command.HappenedAt)) ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases", OperationId = "openCase")]
    [ProducesResponseType<CommandAccepted>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(OpenCase command, CommandContext context)
    {
        var id = CaseIdFor(context);
        var opened = new CaseOpened(id, command.CitizenReference, command.TargetGroup, context.Municipality,
            command.Services ?? [], command.HappenedAt ?? context.Now);
        return (Results.Created($"/api/cases/{id}", new CommandAccepted(id, 1)),
            MartenOps.StartStream<Case>(id, opened));
    }

    public static Guid CaseIdFor(CommandContext context) =>
        context.IdempotencyKey is { } key ? KeyedCaseId(context.Municipality, key) : Guid.CreateVersion7(context.Now);

    /// <summary>The id a case opened with this Idempotency-Key in this municipality has.</summary>
    public static Guid KeyedCaseId(string municipality, string idempotencyKey) =>
        NameBasedId.For("case", $"{municipality}\n{idempotencyKey}");
}
