using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.RiskFactors;

public sealed record RegisterRiskFactor(string Factor, string? Note = null, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

public sealed record ClearRiskFactor(string Factor, string? Note = null, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null)
    : ICaseCommand;

public static class RegisterRiskFactorEndpoint
{
    public static ProblemDetails Validate(RegisterRiskFactor command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.FirstOf(
            () => CaseRules.FactorOfGroup(context, current, "factor", command.Factor),
            () => current.HasRiskFactor(command.Factor) ? Problems.Conflict("factor", $"'{command.Factor}' is already registered") : null,
            () => Problems.Text("note", command.Note, 1000, required: false)) ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/risk-factors", OperationId = "registerRiskFactor")]
    public static (CommandAccepted, Events) Post(RegisterRiskFactor command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new RiskFactorRegistered(command.Factor, context.HappenedAt(command), command.Note));
}

public static class ClearRiskFactorEndpoint
{
    public static ProblemDetails Validate(ClearRiskFactor command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.FirstOf(
            () => current.HasRiskFactor(command.Factor) ? null : Problems.Conflict("factor", $"'{command.Factor}' is not registered on this case"),
            () => CaseRules.NotBefore(context.HappenedAt(command),
                current.RiskFactors.Single(f => f.Factor == command.Factor && f.ClearedAt is null).RegisteredAt, "the risk factor was registered"),
            () => current.Barriers.Any(b => b.IsOpen && b.Factor == command.Factor)
                ? Problems.Conflict("factor", "the case still has open barriers of this risk factor: resolve them first")
                : null,
            () => Problems.Text("note", command.Note, 1000, required: false)) ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/risk-factors/clear", OperationId = "clearRiskFactor")]
    public static (CommandAccepted, Events) Post(ClearRiskFactor command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new RiskFactorCleared(command.Factor, context.HappenedAt(command), command.Note));
}
