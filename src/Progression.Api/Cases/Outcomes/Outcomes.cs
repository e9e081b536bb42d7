using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Outcomes;

/// <summary>Job or education reached; retention checks follow at 3, 6 and 12 months.</summary>
public sealed record ReachOutcome(OutcomeKind Kind, string? Note = null, Guid? OutcomeId = null, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

/// <summary>A retention check found the citizen still in the job or education.</summary>
public sealed record RecordOutcomeRetained(Guid OutcomeId, int CheckpointMonths, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

public sealed record RecordOutcomeLost(Guid OutcomeId, string? Reason = null, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

public static class ReachOutcomeEndpoint
{
    public static ProblemDetails Validate(ReachOutcome command, Case current, CommandContext context) =>
        context.Admit(current, command)
        ?? Problems.Text("note", command.Note, 1000, required: false)
        ?? CaseRules.NewPart("outcomeId", command.OutcomeId, command.OutcomeId is { } id && current.Outcome(id) is not null)
        ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/outcomes", OperationId = "reachOutcome")]
    public static (CommandAccepted, Events) Post(ReachOutcome command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current,
            new OutcomeReached(command.OutcomeId ?? Guid.CreateVersion7(context.Now), command.Kind, context.HappenedAt(command), command.Note));
}

public static class RecordOutcomeRetainedEndpoint
{
    public static ProblemDetails Validate(RecordOutcomeRetained command, Case current, CommandContext context) =>
        context.Admit(current, command)
        ?? Reached(current, command.OutcomeId, context.HappenedAt(command))
        ?? (FollowUpRules.RetentionCheckpointMonths.Contains(command.CheckpointMonths)
            ? null
            : Problems.Invalid("checkpointMonths", $"must be one of {string.Join(", ", FollowUpRules.RetentionCheckpointMonths)}"))
        ?? (current.Outcome(command.OutcomeId)!.RetainedAtMonths.Contains(command.CheckpointMonths)
            ? Problems.Conflict("checkpointMonths", "this checkpoint is already recorded")
            : null)
        ?? Due(current.Outcome(command.OutcomeId)!, command.CheckpointMonths, context.HappenedAt(command))
        ?? WolverineContinue.NoProblems;

    /// <summary>A check may be done a little before its day (a visit the week before), never months before.</summary>
    public static readonly TimeSpan EarlyCheckTolerance = TimeSpan.FromDays(14);

    /// <summary>"Retained at 6 months" means nothing recorded a week after the job started: not before it falls due.</summary>
    private static ProblemDetails? Due(CaseOutcome outcome, int months, DateTimeOffset at)
    {
        var due = outcome.ReachedAt.AddMonths(months);
        return at >= due - EarlyCheckTolerance
            ? null
            : Problems.Invalid("checkpointMonths",
                $"the {months}-month check falls due on {due:yyyy-MM-dd}; it can be recorded from {due - EarlyCheckTolerance:yyyy-MM-dd}");
    }

    /// <summary>Retention can be recorded only for an outcome that was reached and not lost, and not before it.</summary>
    public static ProblemDetails? Reached(Case current, Guid outcomeId, DateTimeOffset at) => current.Outcome(outcomeId) switch
    {
        null => Problems.Invalid("outcomeId", $"{outcomeId} is not an outcome of this case"),
        { Status: OutcomeStatus.Lost } => Problems.Conflict("outcomeId", "the outcome was lost"),
        var reached => CaseRules.NotBefore(at, reached.ReachedAt, "the outcome was reached"),
    };

    [WolverinePost("/api/cases/{caseId}/outcomes/retained", OperationId = "recordOutcomeRetained")]
    public static (CommandAccepted, Events) Post(RecordOutcomeRetained command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new OutcomeRetained(command.OutcomeId, command.CheckpointMonths, context.HappenedAt(command)));
}

public static class RecordOutcomeLostEndpoint
{
    public static ProblemDetails Validate(RecordOutcomeLost command, Case current, CommandContext context) =>
        context.Admit(current, command)
        ?? RecordOutcomeRetainedEndpoint.Reached(current, command.OutcomeId, context.HappenedAt(command))
        ?? Problems.Text("reason", command.Reason, 1000, required: false)
        ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/outcomes/lost", OperationId = "recordOutcomeLost")]
    public static (CommandAccepted, Events) Post(RecordOutcomeLost command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new OutcomeLost(command.OutcomeId, context.HappenedAt(command), command.Reason));
}
