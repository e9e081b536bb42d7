using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Progression.Api.Cases.FollowUps;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Closing;

public sealed record CloseCase(string Reason, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null) : ICaseCommand;

public sealed record ReopenCase(string? Reason = null, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null) : ICaseCommand;

public static class CloseCaseEndpoint
{
    public static ProblemDetails Validate(CloseCase command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.Text("reason", command.Reason, 1000, required: true) ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/close", OperationId = "closeCase")]
    public static (CommandAccepted, Events) Post(CloseCase command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new CaseClosed(command.Reason, context.HappenedAt(command)));
}

public static class ReopenCaseEndpoint
{
    public static ProblemDetails Validate(ReopenCase command, Case current, CommandContext context) =>
        context.Admit(current, command, closedAllowed: true)
        ?? (current.IsOpen ? Problems.Conflict("case", "the case is open") : null)
        ?? CaseRules.NotBefore(context.HappenedAt(command), current.ClosedAt, "the case was closed")
        ?? Problems.Text("reason", command.Reason, 1000, required: false)
        ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/reopen", OperationId = "reopenCase")]
    public static (CommandAccepted, Events, OutgoingMessages) Post(ReopenCase command, [WriteAggregate("caseId")] Case current, CommandContext context)
    {
        var (accepted, events) = CommandContext.Accept(current, new CaseReopened(context.HappenedAt(command), command.Reason));
        var followUps = FollowUpSchedule.AfterReopening(context.Municipality, current,
            instrument => context.Catalogue.FindInstrument(instrument)?.FollowUpIntervalDays ?? 91);
        return (accepted, events, followUps);
    }
}
