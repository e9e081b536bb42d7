using GraphQL;
using GraphQL.Types;
using Progression.Api.Access;
using Progression.Domain.Cases;
using Progression.Domain.Guidance;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Graph;

/// <summary>
/// A case as GraphQL shows it: the pathway without the citizen. The id is the case id for staff and a keyed pseudonym
/// for evaluators; the citizen reference is not in the graph at all; mentors are for staff only. OverdueSince: when the
/// oldest follow-up still open fell due; NextFollowUpAt: when the next one the case waits for falls due. Suggestions:
/// only on `case` (one case), null in lists.
/// </summary>
public sealed record CaseNode(
    string Id,
    string Municipality,
    string TargetGroup,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    long Version,
    IReadOnlyList<string> RiskFactors,
    IReadOnlyList<CaseNodeBarrier> Barriers,
    IReadOnlyList<CaseNodeIntervention> Interventions,
    IReadOnlyList<string> Mentors,
    IReadOnlyList<CaseNodeOutcome> Outcomes,
    IReadOnlyList<CaseNodeScore> LatestScores,
    int DueFollowUps,
    int BlindSpots,
    DateTimeOffset? OverdueSince,
    DateTimeOffset? NextFollowUpAt,
    DateTimeOffset? LatestMeasuredAt,
    CaseSuggestions? Suggestions = null)
{
    public static CaseNode Of(Case c, GraphCaller caller, CatalogueModel catalogue) => new(
        caller.PublicId(c.Id), c.Municipality, c.TargetGroup, Words.Of(c.Status), c.OpenedAt, c.ClosedAt, c.Version,
        [.. c.RiskFactors.Where(f => f.ClearedAt is null).Select(f => f.Factor)],
        [.. c.Barriers.Select(b => new CaseNodeBarrier(b.Factor, b.Level, b.CatalogueBarrier, b.IsOpen, c.IsAddressed(b.Id), b.IdentifiedAt, b.ResolvedAt))],
        [.. c.Interventions.Select(i => new CaseNodeIntervention(i.CatalogueIntervention ?? "local:" + i.LocalName, CaseMatrix.InterventionName(i, catalogue),
            Words.Of(i.Status), i.StartedAt, i.EndedAt))],
        c.Mentors,
        [.. c.Outcomes.Select(o => new CaseNodeOutcome(Words.Of(o.Kind), Words.Of(o.Status), o.ReachedAt, o.RetainedAtMonths, o.LostAt))],
        [.. c.LatestMeasurements.SelectMany(m => m.Scores.Select(s => new CaseNodeScore(m.Instrument, s.Key, s.Value, m.MeasuredAt)))],
        c.DueFollowUps.Count,
        c.BlindSpots.Count(),
        c.DueFollowUps.Select(f => (DateTimeOffset?)f.DueAt).Min(),
        FollowUpRules.Next(c, instrument => ReadModels.CaseList.IntervalDays(catalogue, instrument)),
        c.LatestMeasurements.Select(m => (DateTimeOffset?)m.MeasuredAt).Max());
}

public sealed record CaseNodeBarrier(string Factor, string Level, string? CatalogueBarrier, bool Open, bool Addressed, DateTimeOffset IdentifiedAt, DateTimeOffset? ResolvedAt);

public sealed record CaseNodeIntervention(string Intervention, string Name, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record CaseNodeOutcome(string Kind, string Status, DateTimeOffset ReachedAt, IReadOnlyList<int> RetainedAtMonths, DateTimeOffset? LostAt);

public sealed record CaseNodeScore(string Instrument, string Dimension, decimal Score, DateTimeOffset MeasuredAt);

/// <summary>Enum values as the HTTP API writes them (kebab-case words).</summary>
public static class Words
{
    public static string Of<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}

public sealed class CaseNodeType : RecordGraphType<CaseNode>
{
    public CaseNodeType()
    {
        Name = "Case";
        Description = "A case's pathway. `id` is a pseudonym for evaluators; the citizen is never in the graph.";
        GetField("Id")!.Type = typeof(NonNullGraphType<IdGraphType>);
        // Mentors are staff: evaluators see pseudonymised cases without the people working on them.
        GetField("Mentors")!.AuthorizeWithRoles(Roles.Coordinator, Roles.Mentor);
    }
}
