using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
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

    /// <summary>The follow-ups the case waited for before it closed fall due again (those already past at once).</summary>
    [WolverinePost("/api/cases/{caseId}/reopen", OperationId = "reopenCase")]
    public static (CommandAccepted, Events) Post(ReopenCase command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new CaseReopened(context.HappenedAt(command), command.Reason));
}
