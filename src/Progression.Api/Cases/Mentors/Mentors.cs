using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Mentors;

/// <summary>A mentor is a staff member (their user id, not a citizen identifier); a case may have several.</summary>
public sealed record AssignMentor(string MentorId, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null) : ICaseCommand;

public sealed record UnassignMentor(string MentorId, long? ExpectedVersion = null, DateTimeOffset? HappenedAt = null) : ICaseCommand;

public static class AssignMentorEndpoint
{
    public static ProblemDetails Validate(AssignMentor command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.FirstOf(
            () => Problems.Text("mentorId", command.MentorId, 64, required: true),
            () => current.Mentors.Contains(command.MentorId) ? Problems.Conflict("mentorId", "is already assigned to this case") : null)
        ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/mentors", OperationId = "assignMentor")]
    public static (CommandAccepted, Events) Post(AssignMentor command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new MentorAssigned(command.MentorId, context.HappenedAt(command)));
}

public static class UnassignMentorEndpoint
{
    public static ProblemDetails Validate(UnassignMentor command, Case current, CommandContext context) =>
        context.Admit(current, command)
        ?? (current.Mentors.Contains(command.MentorId) ? null : Problems.Conflict("mentorId", "is not assigned to this case"))
        ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/cases/{caseId}/mentors/unassign", OperationId = "unassignMentor")]
    public static (CommandAccepted, Events) Post(UnassignMentor command, [WriteAggregate("caseId")] Case current, CommandContext context) =>
        CommandContext.Accept(current, new MentorUnassigned(command.MentorId, context.HappenedAt(command)));
}
