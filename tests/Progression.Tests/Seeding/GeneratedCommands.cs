using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases;
using Progression.Api.Cases.Barriers;
using Progression.Api.Cases.Closing;
using Progression.Api.Cases.Interventions;
using Progression.Api.Cases.Measurements;
using Progression.Api.Cases.Mentors;
using Progression.Api.Cases.Opening;
using Progression.Api.Cases.Outcomes;
using Progression.Api.Cases.RiskFactors;
using Progression.Domain.Cases;
using Progression.Domain.Seeding;
using Progression.Tests.Cases.Specifications;

namespace Progression.Tests.Seeding;

/// <summary>
/// A generated event as the command a coordinator would send to record it (the route under the case, and the body
/// carrying the event's happened-at and part ids), and the command's own validation: generated histories are checked
/// against the very rules real commands meet.
/// </summary>
public static class GeneratedCommands
{
    /// <summary>The API's JSON (camelCase, kebab-case enums): as the service writes it, and for commands without empty fields.</summary>
    public static readonly JsonSerializerOptions ViewJson = ApiJson(JsonIgnoreCondition.Never);
    public static readonly JsonSerializerOptions Json = ApiJson(JsonIgnoreCondition.WhenWritingNull);

    private static JsonSerializerOptions ApiJson(JsonIgnoreCondition ignore)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = ignore };
        options.UseProgressionJson();
        return options;
    }

    /// <summary>A fixed moment in the past, so the histories (and any failure) are the same on every run.</summary>
    public static readonly DateTimeOffset Now = CaseSpecification.Now;

    public static OpenCase Opening(CaseOpened e) => new(e.CitizenReference, e.TargetGroup, e.Services, e.HappenedAt);

    public static (string Path, ICaseCommand Command) For(object e) => e switch
    {
        RiskFactorRegistered x => ("risk-factors", new RegisterRiskFactor(x.Factor, x.Note, HappenedAt: x.HappenedAt)),
        RiskFactorCleared x => ("risk-factors/clear", new ClearRiskFactor(x.Factor, x.Note, HappenedAt: x.HappenedAt)),
        BarrierIdentified x => ("barriers", new IdentifyBarrier(x.Factor, x.Level, x.ServiceArea, x.CatalogueBarrier,
            x.Description, x.BarrierId, HappenedAt: x.HappenedAt)),
        BarrierResolved x => ("barriers/resolve", new ResolveBarrier(x.BarrierId, x.Note, HappenedAt: x.HappenedAt)),
        MentorAssigned x => ("mentors", new AssignMentor(x.MentorId, HappenedAt: x.HappenedAt)),
        MentorUnassigned x => ("mentors/unassign", new UnassignMentor(x.MentorId, HappenedAt: x.HappenedAt)),
        // A catalogue intervention's cells come from the catalogue; a local one names its own.
        InterventionStarted x => ("interventions", new StartIntervention(x.ServiceArea, x.Provider, x.Barriers, x.CatalogueIntervention,
            x.LocalName is { } name ? new LocalIntervention(name, x.Cells) : null, x.InterventionId, HappenedAt: x.HappenedAt)),
        InterventionCompleted x => ("interventions/complete", new CompleteIntervention(x.InterventionId, x.Note, HappenedAt: x.HappenedAt)),
        InterventionDroppedOut x => ("interventions/drop-out", new DropOutOfIntervention(x.InterventionId, x.Reason, HappenedAt: x.HappenedAt)),
        // The service chooses a measurement's id: the one place a replayed history differs from the generated one.
        ProgressionMeasured x => ("measurements", new MeasureProgression(x.Instrument, x.Scores, x.MeasuredBy, x.InstrumentVersion,
            HappenedAt: x.HappenedAt)),
        OutcomeReached x => ("outcomes", new ReachOutcome(x.Kind, x.Note, x.OutcomeId, HappenedAt: x.HappenedAt)),
        OutcomeRetained x => ("outcomes/retained", new RecordOutcomeRetained(x.OutcomeId, x.CheckpointMonths, HappenedAt: x.HappenedAt)),
        OutcomeLost x => ("outcomes/lost", new RecordOutcomeLost(x.OutcomeId, x.Reason, HappenedAt: x.HappenedAt)),
        CaseClosed x => ("close", new CloseCase(x.Reason, HappenedAt: x.HappenedAt)),
        CaseReopened x => ("reopen", new ReopenCase(x.Reason, HappenedAt: x.HappenedAt)),
        _ => throw new ArgumentException($"No command records a {e.GetType().Name}.", nameof(e)),
    };

    /// <summary>The endpoint's own validation of the command against the case as it stands.</summary>
    public static ProblemDetails Validate(ICaseCommand command, Case current, CommandContext context) => command switch
    {
        RegisterRiskFactor c => RegisterRiskFactorEndpoint.Validate(c, current, context),
        ClearRiskFactor c => ClearRiskFactorEndpoint.Validate(c, current, context),
        IdentifyBarrier c => IdentifyBarrierEndpoint.Validate(c, current, context),
        ResolveBarrier c => ResolveBarrierEndpoint.Validate(c, current, context),
        AssignMentor c => AssignMentorEndpoint.Validate(c, current, context),
        UnassignMentor c => UnassignMentorEndpoint.Validate(c, current, context),
        StartIntervention c => StartInterventionEndpoint.Validate(c, current, context),
        CompleteIntervention c => CompleteInterventionEndpoint.Validate(c, current, context),
        DropOutOfIntervention c => DropOutOfInterventionEndpoint.Validate(c, current, context),
        MeasureProgression c => MeasureProgressionEndpoint.Validate(c, current, context),
        ReachOutcome c => ReachOutcomeEndpoint.Validate(c, current, context),
        RecordOutcomeRetained c => RecordOutcomeRetainedEndpoint.Validate(c, current, context),
        RecordOutcomeLost c => RecordOutcomeLostEndpoint.Validate(c, current, context),
        CloseCase c => CloseCaseEndpoint.Validate(c, current, context),
        ReopenCase c => ReopenCaseEndpoint.Validate(c, current, context),
        _ => throw new ArgumentException($"No validation for {command.GetType().Name}.", nameof(command)),
    };
}
