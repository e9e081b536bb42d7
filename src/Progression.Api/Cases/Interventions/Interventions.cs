using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Interventions;

/// <summary>A municipality's own intervention, placed in matrix cells the way the catalogue places its own.</summary>
public sealed record LocalIntervention(string Name, IReadOnlyList<MatrixCell> Cells);

/// <summary>
/// Starts a catalogue intervention (Tables 5.1/6.1) or a local one, naming the open barriers it addresses: those
/// barriers stop being blind spots while it is active.
/// </summary>
public sealed record StartIntervention(
    ServiceArea ServiceArea,
    string Provider,
    IReadOnlyList<Guid> Barriers,
    string? CatalogueIntervention = null,
    LocalIntervention? Local = null,
    Guid? InterventionId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? HappenedAt = null) : ICaseCommand;

public sealed record CompleteIntervention(Guid InterventionId, string? Note = null, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

public sealed record DropOutOfIntervention(Guid InterventionId, string Reason, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

public static class StartInterventionEndpoint
{
    public static ProblemDetails Validate(StartIntervention command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.FirstOf(
            () => (command.CatalogueIntervention, command.Local) switch
            {
                (null, null) => Problems.Invalid("catalogueIntervention", "name a catalogue intervention or describe a local one"),
                (not null, not null) => Problems.Invalid("local", "give either a catalogue intervention or a local one, not both"),
                (string id, _) => CatalogueIntervention(id, current, context),
                (_, LocalIntervention local) => Local(local, current, context),
            },
            () => Problems.Text("provider", command.Provider, 200, required: true),
            () => Barriers(command.Barriers, current),
            () => CaseRules.NewPart("interventionId", command.InterventionId,
                command.InterventionId is { } id && current.Intervention(id) is not null))
        ?? WolverineContinue.NoProblems;

    private static ProblemDetails? CatalogueIntervention(string id, Case current, CommandContext context)
    {
        if (context.Catalogue.FindIntervention(id) is null)
            return Problems.Invalid("catalogueIntervention", $"'{id}' is not an intervention of the catalogue");
        return context.Catalogue.FindGroup(current.TargetGroup)!.Interventions.Any(i => i.Id == id) || MarkerTo(id, current, context) is not null
            ? null
            : Problems.Invalid("catalogueIntervention",
                $"'{id}' is not an intervention for group '{current.TargetGroup}', and no marker of its table points to it");
    }

    /// <summary>The report's table marker (# or ¤) of the case's group that points to an intervention of the other group.</summary>
    public static Domain.Catalogue.TableMarker? MarkerTo(string intervention, Case current, CommandContext context) =>
        context.Catalogue.FindGroup(current.TargetGroup)!.Markers.FirstOrDefault(m => m.RefersTo == intervention);

    private static ProblemDetails? Local(LocalIntervention local, Case current, CommandContext context) =>
        Problems.Text("local.name", local.Name, 200, required: true)
        ?? (local.Cells.Count == 0 ? Problems.Invalid("local.cells", "place the intervention in at least one cell") : null)
        ?? local.Cells.Select((cell, i) => CaseRules.Cell(context, current, $"local.cells[{i}]", cell)).FirstOrDefault(p => p is not null);

    private static ProblemDetails? Barriers(IReadOnlyList<Guid> barriers, Case current)
    {
        for (var i = 0; i < barriers.Count; i++)
        {
            var barrier = current.Barrier(barriers[i]);
            if (barrier is null) return Problems.Invalid($"barriers[{i}]", $"{barriers[i]} is not a barrier of this case");
            if (!barrier.IsOpen) return Problems.Invalid($"barriers[{i}]", $"{barriers[i]} is resolved");
        }
        return barriers.Distinct().Count() == barriers.Count ? null : Problems.Invalid("barriers", "lists a barrier twice");
    }

    [WolverinePost("/api/cases/{caseId}/interventions", OperationId = "startIntervention")]
    public static (CommandAccepted, Events) Post(StartIntervention command, [WriteAggregate("caseId")] Case current, CommandContext context)
    {
        // The catalogue's cells are copied into the event: the history keeps the placement it was started under. An
        // intervention of the other group started through a marker stands in the marker's cells of this group.
        var marker = command.CatalogueIntervention is { } other && context.Catalogue.FindGroup(current.TargetGroup)!.Interventions.All(i => i.Id != other)
            ? MarkerTo(other, current, context)
            : null;
        var cells = marker is not null ? [.. (marker.Cells ?? []).Select(c => new MatrixCell(c.Factor, c.Level))]
            : command.CatalogueIntervention is { } id ? context.Catalogue.FindIntervention(id)!.Cells.Select(c => new MatrixCell(c.Factor, c.Level)).ToList()
            : command.Local!.Cells;
        return CommandContext.Accept(current, new InterventionStarted(
            command.InterventionId ?? Guid.CreateVersion7(context.Now), command.CatalogueIntervention, command.Local?.Name,
            cells, command.Barriers, command.ServiceArea, command.Provider, context.HappenedAt(command), marker?.Symbol));
    }
}

public static class CompleteInterventionEndpoint
{
    public static ProblemDetails Validate(CompleteIntervention command, Case current, CommandContext context) =>
        context.Admit(current, command)
        ?? Active(current, command.InterventionId, context.HappenedAt(command))
        ?? Problems.Text("note", command.Note, 1000, required: false)
        ?? WolverineContinue.NoProblems;

    /// <summary>Only an intervention that was started and is still running can end, and not before it started.</summary>
    public static ProblemDetails? Active(Case current, Guid interventionId, DateTimeOffset endedAt) => current.Intervention(interventionId) switch
    {
        null => Problems.Invalid("interventionId", $"no intervention {interventionId} was started on this case"),
        { Status: not InterventionStatus.Active } ended => Problems.Conflict("interventionId", $"the intervention has already ended ({ended.Status})"),
        var active => CaseRules.NotBefore(endedAt, active.StartedAt, "the intervention started"),
    };

    [WolverinePost("/api/cases/{caseId}/interventions/complete", OperationId = "completeIntervention")]
    public static (CommandAccepted, Events) Post(CompleteIntervention command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new InterventionCompleted(command.InterventionId, context.HappenedAt(command), command.Note));
}

public static class DropOutOfInterventionEndpoint
{
    public static ProblemDetails Validate(DropOutOfIntervention command, Case current, CommandContext context) =>
        context.Admit(current, command)
        ?? CompleteInterventionEndpoint.Active(current, command.InterventionId, context.HappenedAt(command))
        ?? Problems.Text("reason", command.Reason, 1000, required: true)
        ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/interventions/drop-out", OperationId = "dropOutOfIntervention")]
    public static (CommandAccepted, Events) Post(DropOutOfIntervention command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new InterventionDroppedOut(command.InterventionId, command.Reason, context.HappenedAt(command)));
}
