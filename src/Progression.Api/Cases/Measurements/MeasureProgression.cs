using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;
using Wolverine.Http;
using Wolverine.Marten;

namespace Progression.Api.Cases.Measurements;

/// <summary>
/// A progression measurement on one of the catalogue's instruments: a score for every dimension, a whole step of its
/// scale. The next measurement of that instrument falls due after the instrument's interval (see FollowUpRules).
/// </summary>
public sealed record MeasureProgression(
    string Instrument,
    IReadOnlyDictionary<string, decimal> Scores,
    string MeasuredBy,
    int? InstrumentVersion = null,
    long? ExpectedVersion = null,
    DateTimeOffset? HappenedAt = null) : ICaseCommand;

public static class MeasureProgressionEndpoint
{
    public static ProblemDetails Validate(MeasureProgression command, Case current, CommandContext context) =>
        context.Admit(current, command) ?? Problems.FirstOf(
            () => Problems.Text("measuredBy", command.MeasuredBy, 64, required: true),
            () => Scores(command, current, context))
        ?? WolverineContinue.NoProblems;

    private static ProblemDetails? Scores(MeasureProgression command, Case current, CommandContext context)
    {
        var instrument = context.Catalogue.FindInstrument(command.Instrument);
        if (instrument is null) return Problems.Invalid("instrument", $"'{command.Instrument}' is not an instrument of the catalogue");
        if (instrument.Group is { } group && group != current.TargetGroup)
            return Problems.Invalid("instrument", $"'{instrument.Id}' is for group '{group}', but this case is in group '{current.TargetGroup}'");
        if (command.InstrumentVersion is { } version && version != instrument.Version)
            return Problems.Invalid("instrumentVersion", $"version {version} of '{instrument.Id}' is unknown (current: {instrument.Version})");
        foreach (var dimension in instrument.Dimensions)
        {
            if (!command.Scores.TryGetValue(dimension.Id, out var score))
                return Problems.Invalid($"scores.{dimension.Id}", "is missing: every dimension of the instrument needs a score");
            if (!instrument.Scale.Contains(score))
                return Problems.Invalid($"scores.{dimension.Id}", $"{score} is outside the scale {instrument.Scale.Min}-{instrument.Scale.Max}");
            // Whole steps: a scale is a set of answers, and dashboards keep a histogram of them.
            if (score != decimal.Truncate(score))
                return Problems.Invalid($"scores.{dimension.Id}", $"{score} is not a whole step of the scale {instrument.Scale.Min}-{instrument.Scale.Max}");
        }
        var unknown = command.Scores.Keys.FirstOrDefault(k => instrument.Dimensions.All(d => d.Id != k));
        return unknown is null ? null : Problems.Invalid($"scores.{unknown}", $"is not a dimension of '{instrument.Id}'");
    }

    [WolverinePost("/api/cases/{caseId}/measurements", OperationId = "measureProgression")]
    public static (CommandAccepted, Events) Post(MeasureProgression command, [WriteAggregate("caseId")] Case current, CommandContext context)
    {
        var instrument = context.Catalogue.FindInstrument(command.Instrument)!;
        return CommandContext.Accept(current, new ProgressionMeasured(Guid.CreateVersion7(context.Now), instrument.Id,
            instrument.Version, command.Scores, command.MeasuredBy, context.HappenedAt(command)));
    }
}
