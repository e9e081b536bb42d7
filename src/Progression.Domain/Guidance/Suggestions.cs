using Progression.Domain.Cases;
using Progression.Domain.Catalogue;

namespace Progression.Domain.Guidance;

/// <summary>
/// What could address a case's blind spots, and how good the knowledge behind it is: for every open barrier no active
/// intervention addresses, the report's interventions of the case's group placed in the barrier's cell, and those a
/// table marker (#, ¤) points to from that cell in the other group; with the report's grade and the municipality's own
/// results. The grade speaks of the report's sources; the local figures are observations, not effects.
/// </summary>
public static class Suggestions
{
    /// <summary>The scale a mean progression change is read against in the local score: ten steps, nine apart.</summary>
    private const decimal ScaleSpan = 9m;

    public static CaseSuggestions For(Case current, Catalogue.Catalogue catalogue, IReadOnlyDictionary<string, LocalResults> local)
    {
        var group = catalogue.FindGroup(current.TargetGroup)!;
        var blindSpots = current.BlindSpots.Select(barrier =>
        {
            var cell = new Cell(barrier.Factor, barrier.Level);
            var inCell = group.Interventions.Where(i => i.Cells.Contains(cell)).Select(i => (Intervention: i, Via: Via.Cell));
            var marked = group.Markers.Where(m => m.RefersTo is not null && (m.Cells ?? []).Contains(cell))
                .Select(m => catalogue.FindIntervention(m.RefersTo!)).OfType<Intervention>().Select(i => (Intervention: i, Via: Via.Marker));
            var suggested = inCell.Concat(marked).DistinctBy(s => s.Intervention.Id)
                .Select(s => new SuggestedIntervention(s.Intervention.Id, s.Intervention.NameDa, s.Intervention.NameEn, s.Intervention.Evidence,
                    s.Via == Via.Cell ? "cell" : "marker", Previously(current, s.Intervention.Id), local.GetValueOrDefault(s.Intervention.Id)));
            return new BlindSpotSuggestions(barrier.Id, barrier.Factor, barrier.Level, barrier.CatalogueBarrier, [.. Ranked(suggested, catalogue)]);
        });
        var tools = group.Tools.Select(t => new SuggestedTool(t.Id, t.NameDa, t.NameEn, t.Evidence));
        return new CaseSuggestions(current.Id, current.Version, [.. blindSpots], [.. tools]);
    }

    private enum Via { Cell, Marker }

    /// <summary>
    /// The order a coordinator reads them in: evidence before positive indication; within a grade, by the local score
    /// (those with one first, highest first), then by the report's numbering; anything this case already took part in
    /// (completed or dropped out) last, in the same order among themselves.
    /// </summary>
    private static IEnumerable<SuggestedIntervention> Ranked(IEnumerable<SuggestedIntervention> suggested, Catalogue.Catalogue catalogue) =>
        suggested
            .OrderBy(s => s.Previously is not null)
            .ThenBy(s => s.Evidence == EvidenceGrade.Evidence ? 0 : 1)
            .ThenBy(s => LocalScore(s.Local) is null)
            .ThenByDescending(s => LocalScore(s.Local))
            .ThenBy(s => catalogue.FindIntervention(s.Intervention)?.Number ?? int.MaxValue);

    /// <summary>
    /// The municipality's own results for an intervention as one number: the share who completed it, plus the share who
    /// reached a job or education within 12 months, plus the mean progression change as a share of the scale (÷ 9).
    /// A part not shown (a small count) adds nothing; without a shown number of participants there is no score.
    /// </summary>
    public static decimal? LocalScore(LocalResults? local) =>
        local?.Participants is { } n and > 0
            ? (local.Completed ?? 0m) / n + (local.OutcomeWithin12Months ?? 0m) / n + (local.MeanProgressionChange ?? 0m) / ScaleSpan
            : null;

    /// <summary>How the case last took part in the intervention, if it did and it has ended.</summary>
    private static PreviousParticipation? Previously(Case current, string intervention) =>
        current.Interventions.Where(i => i.CatalogueIntervention == intervention && i.Status != InterventionStatus.Active && i.EndedAt is not null)
            .OrderByDescending(i => i.EndedAt)
            .Select(i => new PreviousParticipation(i.Status == InterventionStatus.Completed ? "completed" : "dropped-out", i.EndedAt!.Value))
            .FirstOrDefault();
}

/// <summary>The municipality's own figures for an intervention (all its cases of the group); null where too small to show.</summary>
public sealed record LocalResults(int? Participants, int? Completed, int? DroppedOut, int? OutcomeWithin12Months, decimal? MeanProgressionChange);

public sealed record PreviousParticipation(string Status, DateTimeOffset EndedAt);

/// <summary>Via: "cell" (placed in the barrier's cell in the report's table) or "marker" (a # or ¤ points to it from there).</summary>
public sealed record SuggestedIntervention(
    string Intervention, string NameDa, string NameEn, string Evidence, string Via, PreviousParticipation? Previously, LocalResults? Local);

public sealed record BlindSpotSuggestions(
    Guid BarrierId, string Factor, string Level, string? CatalogueBarrier, IReadOnlyList<SuggestedIntervention> Interventions);

public sealed record SuggestedTool(string Tool, string NameDa, string NameEn, string Evidence);

public sealed record CaseSuggestions(Guid CaseId, long Version, IReadOnlyList<BlindSpotSuggestions> BlindSpots, IReadOnlyList<SuggestedTool> Tools);
