using System.Numerics;
using Progression.Domain.Cases;

namespace Progression.Domain.Analytics;

/// <summary>
/// What followed each intervention: how many took part, completed or dropped out, how many reached a job or education
/// within 6 and 12 months of starting (and kept it at the 6-month check), and how their progression scores moved while
/// it ran. Descriptive, not causal: the report's evidence grade stands beside the local figures, never replaced by them.
/// </summary>
public static class InterventionOutcomes
{
    /// <summary>How long after an intervention ended a measurement still counts as its follow-up.</summary>
    private static readonly TimeSpan FollowUpGrace = TimeSpan.FromDays(31);

    /// <summary>
    /// Participations (one started intervention in one case) started within [<paramref name="from"/>,
    /// <paramref name="to"/>], in cases of <paramref name="group"/> when given. Only interventions someone took part in
    /// are listed: catalogue ones by group and number, then local ones by name. A participation started less than 6 (12)
    /// months before <paramref name="now"/> has had less time to reach an outcome, but still counts among Participants.
    /// </summary>
    public static IReadOnlyList<InterventionOutcome> Of(IEnumerable<CaseFacts> cases, Catalogue.Catalogue catalogue, string? group,
        DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var totals = new Dictionary<string, OutcomeTotals>();
        // Method syntax: "group" is the parameter's name, and a keyword inside a query expression.
        foreach (var facts in cases.Where(f => group is null || f.Case.TargetGroup == group))
            foreach (var (intervention, _, taken) in TotalsOf(facts, catalogue, now).Where(t => Figures.Within(t.Started, from, to)))
                totals.AddUp(intervention, taken);
        return Rows(catalogue, totals);
    }

    /// <summary>
    /// Each participation of a case as a one-participant total, keyed by the intervention (catalogue id, or "local:" +
    /// name: the same intervention in any number of cases is one row) and dated by its start.
    /// </summary>
    public static IEnumerable<(string Intervention, DateTimeOffset Started, OutcomeTotals Totals)> TotalsOf(
        CaseFacts facts, Catalogue.Catalogue catalogue, DateTimeOffset now) =>
        facts.Case.Interventions.Select(i => (InterventionNames.Key(i), i.StartedAt, Participate(facts, i, catalogue, now).Totals));

    /// <summary>One row per intervention someone took part in: catalogue ones by group and number, then local ones by name.</summary>
    public static IReadOnlyList<InterventionOutcome> Rows(Catalogue.Catalogue catalogue, IReadOnlyDictionary<string, OutcomeTotals> totals)
    {
        var names = new InterventionNames(catalogue);
        var rows = totals.Where(t => t.Value.Participants > 0).Select(t => new InterventionOutcome(
            t.Key, names.NameOf(t.Key), names.EvidenceOf(t.Key), t.Value.Participants, t.Value.Completed, t.Value.DroppedOut,
            t.Value.OutcomeWithin6Months, t.Value.OutcomeWithin12Months, t.Value.RetainedAt6Months, t.Value.WithProgressionChange,
            t.Value.WithProgressionChange == 0 ? null : Figures.Round(t.Value.ProgressionChangeSum / t.Value.WithProgressionChange)));
        return [.. names.InOrder(rows, o => o.Intervention, o => o.Name)];
    }

    private sealed record Participation(
        CaseIntervention Intervention, bool OutcomeWithin6Months, CaseOutcome? FirstOutcomeWithin12Months, decimal? Change)
    {
        public OutcomeTotals Totals => new(1,
            Intervention.Status == InterventionStatus.Completed ? 1 : 0,
            Intervention.Status == InterventionStatus.DroppedOut ? 1 : 0,
            OutcomeWithin6Months ? 1 : 0,
            FirstOutcomeWithin12Months is not null ? 1 : 0,
            FirstOutcomeWithin12Months?.RetainedAtMonths.Contains(6) == true ? 1 : 0,
            Change is null ? 0 : 1,
            Change ?? 0);
    }

    private static Participation Participate(CaseFacts facts, CaseIntervention intervention, Catalogue.Catalogue catalogue, DateTimeOffset now)
    {
        var started = intervention.StartedAt;
        // Windows of calendar months from the start, both ends included; an outcome reached before the start is not
        // this intervention's. A lost outcome was still reached.
        var reached = facts.Case.Outcomes.Where(o => o.ReachedAt >= started).OrderBy(o => o.ReachedAt).ToList();
        return new Participation(
            intervention,
            reached.Any(o => o.ReachedAt <= started.AddMonths(6)),
            reached.FirstOrDefault(o => o.ReachedAt <= started.AddMonths(12)),
            ChangeDuring(intervention, facts.Measurements, catalogue, now));
    }

    /// <summary>
    /// The mean change over the instruments the case was measured on around the intervention: per instrument the latest
    /// measurement at or before the start (baseline) against the latest after it, up to a month after it ended (or
    /// after now while it runs), since the closing measurement is often taken just after. Null when no instrument has both.
    /// </summary>
    private static decimal? ChangeDuring(CaseIntervention intervention, IReadOnlyList<Measurement> measurements,
        Catalogue.Catalogue catalogue, DateTimeOffset now)
    {
        var until = (intervention.EndedAt ?? now) + FollowUpGrace;
        // CaseFacts keeps measurements in time order, so the last match is the latest.
        var changes = measurements
            .GroupBy(m => m.Instrument)
            .Select(measured => Change(
                measured.LastOrDefault(m => m.At <= intervention.StartedAt),
                measured.LastOrDefault(m => m.At > intervention.StartedAt && m.At <= until),
                catalogue.FindInstrument(measured.Key)))
            .Where(change => change is not null)
            .Select(change => change!.Value)
            .ToList();
        // Six decimals: exact enough for any mean shown with two, and sums of many stay exact (a third would not).
        return changes.Count == 0 ? null : Math.Round(changes.Average(), 6, MidpointRounding.AwayFromZero);
    }

    /// <summary>The mean over the instrument's dimensions scored both times of (follow-up − baseline).</summary>
    private static decimal? Change(Measurement? baseline, Measurement? followUp, Catalogue.Instrument? instrument)
    {
        if (baseline is null || followUp is null) return null;
        var dimensions = instrument?.Dimensions.Select(d => d.Id) ?? baseline.Scores.Keys;
        var differences = dimensions
            .Where(d => baseline.Scores.ContainsKey(d) && followUp.Scores.ContainsKey(d))
            .Select(d => followUp.Scores[d] - baseline.Scores[d])
            .ToList();
        return differences.Count == 0 ? null : differences.Average();
    }
}

/// <summary>
/// One intervention's participations and what followed. Intervention: catalogue id, or "local:" + local name.
/// Evidence: the report's grade ("evidence" / "positive-indication"), null for a local intervention.
/// OutcomeWithin6Months / OutcomeWithin12Months: participations whose case reached any outcome within that many calendar
/// months of the start; RetainedAt6Months: of those within 12 months, the ones whose first such outcome was kept at the
/// 6-month check. MeanProgressionChange: the mean, over the WithProgressionChange participations measured before and
/// during it, of their mean change in score (rounded to two decimals); null when none were.
/// </summary>
public sealed record InterventionOutcome(
    string Intervention,
    string Name,
    string? Evidence,
    int Participants,
    int Completed,
    int DroppedOut,
    int OutcomeWithin6Months,
    int OutcomeWithin12Months,
    int RetainedAt6Months,
    int WithProgressionChange,
    decimal? MeanProgressionChange);

/// <summary>Sums over participations, from which an intervention's row is worked out (the mean change from its sum).</summary>
public readonly record struct OutcomeTotals(
    int Participants, int Completed, int DroppedOut, int OutcomeWithin6Months, int OutcomeWithin12Months, int RetainedAt6Months,
    int WithProgressionChange, decimal ProgressionChangeSum)
    : IAdditionOperators<OutcomeTotals, OutcomeTotals, OutcomeTotals>, ISubtractionOperators<OutcomeTotals, OutcomeTotals, OutcomeTotals>
{
    public static OutcomeTotals operator +(OutcomeTotals a, OutcomeTotals b) => new(
        a.Participants + b.Participants, a.Completed + b.Completed, a.DroppedOut + b.DroppedOut,
        a.OutcomeWithin6Months + b.OutcomeWithin6Months, a.OutcomeWithin12Months + b.OutcomeWithin12Months,
        a.RetainedAt6Months + b.RetainedAt6Months, a.WithProgressionChange + b.WithProgressionChange,
        a.ProgressionChangeSum + b.ProgressionChangeSum);

    public static OutcomeTotals operator -(OutcomeTotals a, OutcomeTotals b) => new(
        a.Participants - b.Participants, a.Completed - b.Completed, a.DroppedOut - b.DroppedOut,
        a.OutcomeWithin6Months - b.OutcomeWithin6Months, a.OutcomeWithin12Months - b.OutcomeWithin12Months,
        a.RetainedAt6Months - b.RetainedAt6Months, a.WithProgressionChange - b.WithProgressionChange,
        a.ProgressionChangeSum - b.ProgressionChangeSum);
}
