using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Barriers;

/// <summary>
/// A barrier in a factor × level cell: one of the catalogue's (Tables 4.2/4.3) or described locally, and the service
/// area that found it. The factor must be registered on the case: a barrier follows from a risk factor.
/// </summary>
public sealed record IdentifyBarrier(
    string Factor,
    string Level,
    ServiceArea ServiceArea,
    string? CatalogueBarrier = null,
    string? Description = null,
    Guid? BarrierId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? HappenedAt = null) : ICaseCommand;

public sealed record ResolveBarrier(Guid BarrierId, string? Note = null, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

public static class IdentifyBarrierEndpoint
{
    public static ProblemDetails Validate(IdentifyBarrier command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.FirstOf(
            () => CaseRules.FactorOfGroup(context, current, "factor", command.Factor),
            () => CaseRules.Level(context, "level", command.Level),
            () => current.HasRiskFactor(command.Factor)
                ? null
                : Problems.Invalid("factor", $"'{command.Factor}' is not registered on this case: register the risk factor first"),
            () => command.CatalogueBarrier is null && string.IsNullOrWhiteSpace(command.Description)
                ? Problems.Invalid("catalogueBarrier", "name a catalogue barrier or give a description")
                : null,
            () => CatalogueBarrier(command, context),
            () => Problems.Text("description", command.Description, 500, required: false),
            () => CaseRules.NewPart("barrierId", command.BarrierId, command.BarrierId is { } id && current.Barrier(id) is not null))
        ?? WolverineContinue.NoProblems;

    private static ProblemDetails? CatalogueBarrier(IdentifyBarrier command, CommandContext context)
    {
        if (command.CatalogueBarrier is not { } id) return null;
        var barrier = context.Catalogue.FindBarrier(id);
        if (barrier is null) return Problems.Invalid("catalogueBarrier", $"'{id}' is not a barrier of the catalogue");
        return barrier.Factor == command.Factor && barrier.Level == command.Level
            ? null
            : Problems.Invalid("catalogueBarrier", $"'{id}' sits in cell {barrier.Factor} × {barrier.Level}, not {command.Factor} × {command.Level}");
    }

    [WolverinePost("/api/cases/{caseId}/barriers", OperationId = "identifyBarrier")]
    public static (CommandAccepted, Events) Post(IdentifyBarrier command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new BarrierIdentified(
            command.BarrierId ?? Guid.CreateVersion7(context.Now), command.Factor, command.Level, command.CatalogueBarrier,
            command.Description, command.ServiceArea, context.HappenedAt(command)));
}

public static class ResolveBarrierEndpoint
{
    public static ProblemDetails Validate(ResolveBarrier command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.FirstOf(
            () => current.Barrier(command.BarrierId) switch
            {
                null => Problems.Invalid("barrierId", $"{command.BarrierId} is not a barrier of this case"),
                { IsOpen: false } => Problems.Conflict("barrierId", "the barrier is already resolved"),
                var barrier => CaseRules.NotBefore(context.HappenedAt(command), barrier.IdentifiedAt, "the barrier was identified"),
            },
            () => Problems.Text("note", command.Note, 1000, required: false)) ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/barriers/resolve", OperationId = "resolveBarrier")]
    public static (CommandAccepted, Events) Post(ResolveBarrier command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new BarrierResolved(command.BarrierId, context.HappenedAt(command), command.Note));
}
