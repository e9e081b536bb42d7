using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases.Barriers;
using Progression.Api.Cases.Closing;
using Progression.Api.Cases.Interventions;
using Progression.Api.Cases.Measurements;
using Progression.Api.Cases.Mentors;
using Progression.Api.Cases.Opening;
using Progression.Api.Cases.Outcomes;
using Progression.Api.Cases.RiskFactors;
using Progression.Domain.Cases;

namespace Progression.Api.Cases;

/// <summary>
/// Each event as the command a coordinator would send to record it (carrying the event's happened-at and part ids),
/// and that command's endpoint: its own validation and its own decision. A history from elsewhere (an import, the
/// generator) is held to the very rules real commands meet, with no second copy of them.
/// </summary>
public static class EventCommands
{
    public static OpenCase Opening(CaseOpened e) => new(e.CitizenReference, e.TargetGroup, e.Services, e.HappenedAt);

    /// <summary>The command that records <paramref name="e"/> on an existing case; none opens a case or records a follow-up due.</summary>
    public static ICaseCommand For(object e) => e switch
    {
        RiskFactorRegistered x => new RegisterRiskFactor(x.Factor, x.Note, HappenedAt: x.HappenedAt),
        RiskFactorCleared x => new ClearRiskFactor(x.Factor, x.Note, HappenedAt: x.HappenedAt),
        BarrierIdentified x => new IdentifyBarrier(x.Factor, x.Level, x.ServiceArea, x.CatalogueBarrier, x.Description, x.BarrierId,
            HappenedAt: x.HappenedAt),
        BarrierResolved x => new ResolveBarrier(x.BarrierId, x.Note, HappenedAt: x.HappenedAt),
        MentorAssigned x => new AssignMentor(x.MentorId, HappenedAt: x.HappenedAt),
        MentorUnassigned x => new UnassignMentor(x.MentorId, HappenedAt: x.HappenedAt),
        // A catalogue intervention's placement comes from the catalogue; a local one names its own cells.
        InterventionStarted x => new StartIntervention(x.ServiceArea, x.Provider, x.Barriers, x.CatalogueIntervention,
            x.LocalName is { } name ? new LocalIntervention(name, x.Cells) : null, x.InterventionId, HappenedAt: x.HappenedAt),
        InterventionCompleted x => new CompleteIntervention(x.InterventionId, x.Note, HappenedAt: x.HappenedAt),
        InterventionDroppedOut x => new DropOutOfIntervention(x.InterventionId, x.Reason, HappenedAt: x.HappenedAt),
        // The service chooses a measurement's id: the one part id no command carries.
        ProgressionMeasured x => new MeasureProgression(x.Instrument, x.Scores, x.MeasuredBy, x.InstrumentVersion, HappenedAt: x.HappenedAt),
        OutcomeReached x => new ReachOutcome(x.Kind, x.Note, x.OutcomeId, HappenedAt: x.HappenedAt),
        OutcomeRetained x => new RecordOutcomeRetained(x.OutcomeId, x.CheckpointMonths, HappenedAt: x.HappenedAt),
        OutcomeLost x => new RecordOutcomeLost(x.OutcomeId, x.Reason, HappenedAt: x.HappenedAt),
        CaseClosed x => new CloseCase(x.Reason, HappenedAt: x.HappenedAt),
        CaseReopened x => new ReopenCase(x.Reason, HappenedAt: x.HappenedAt),
        _ => throw new ArgumentException($"No command records a {e.GetType().Name} on an existing case.", nameof(e)),
    };

    /// <summary>The endpoint's own validation of the command against the case as it stands.</summary>
    public static ProblemDetails Validate(ICaseCommand command, Case current, CommandContext context) =>
        Endpoint(command, current, context).Validate();

    /// <summary>The event the endpoint decides to append for the command (call it only once validation passed).</summary>
    public static object Decide(ICaseCommand command, Case current, CommandContext context) =>
        Endpoint(command, current, context).Decide().Single();

    private sealed record CommandEndpoint(Func<ProblemDetails> Validate, Func<IEnumerable<object>> Decide);

    private static CommandEndpoint Endpoint(ICaseCommand command, Case current, CommandContext context) => command switch
    {
        RegisterRiskFactor c => new(() => RegisterRiskFactorEndpoint.Validate(c, current, context),
            () => RegisterRiskFactorEndpoint.Post(c, current, context).Item2),
        ClearRiskFactor c => new(() => ClearRiskFactorEndpoint.Validate(c, current, context),
            () => ClearRiskFactorEndpoint.Post(c, current, context).Item2),
        IdentifyBarrier c => new(() => IdentifyBarrierEndpoint.Validate(c, current, context),
            () => IdentifyBarrierEndpoint.Post(c, current, context).Item2),
        ResolveBarrier c => new(() => ResolveBarrierEndpoint.Validate(c, current, context),
            () => ResolveBarrierEndpoint.Post(c, current, context).Item2),
        AssignMentor c => new(() => AssignMentorEndpoint.Validate(c, current, context),
            () => AssignMentorEndpoint.Post(c, current, context).Item2),
        UnassignMentor c => new(() => UnassignMentorEndpoint.Validate(c, current, context),
            () => UnassignMentorEndpoint.Post(c, current, context).Item2),
        StartIntervention c => new(() => StartInterventionEndpoint.Validate(c, current, context),
            () => StartInterventionEndpoint.Post(c, current, context).Item2),
        CompleteIntervention c => new(() => CompleteInterventionEndpoint.Validate(c, current, context),
            () => CompleteInterventionEndpoint.Post(c, current, context).Item2),
        DropOutOfIntervention c => new(() => DropOutOfInterventionEndpoint.Validate(c, current, context),
            () => DropOutOfInterventionEndpoint.Post(c, current, context).Item2),
        MeasureProgression c => new(() => MeasureProgressionEndpoint.Validate(c, current, context),
            () => MeasureProgressionEndpoint.Post(c, current, context).Item2),
        ReachOutcome c => new(() => ReachOutcomeEndpoint.Validate(c, current, context),
            () => ReachOutcomeEndpoint.Post(c, current, context).Item2),
        RecordOutcomeRetained c => new(() => RecordOutcomeRetainedEndpoint.Validate(c, current, context),
            () => RecordOutcomeRetainedEndpoint.Post(c, current, context).Item2),
        RecordOutcomeLost c => new(() => RecordOutcomeLostEndpoint.Validate(c, current, context),
            () => RecordOutcomeLostEndpoint.Post(c, current, context).Item2),
        CloseCase c => new(() => CloseCaseEndpoint.Validate(c, current, context),
            () => CloseCaseEndpoint.Post(c, current, context).Item2),
        ReopenCase c => new(() => ReopenCaseEndpoint.Validate(c, current, context),
            () => ReopenCaseEndpoint.Post(c, current, context).Item2),
        _ => throw new ArgumentException($"No endpoint takes {command.GetType().Name}.", nameof(command)),
    };
}
