using Progression.Domain.Analytics;
using Progression.Domain.Privacy;

namespace Progression.Api.Graph;

// What the aggregates look like in the graph: every count nullable, null meaning "suppressed" (a small count hidden
// from evaluators, with secondary suppression so it cannot be derived from the others). Staff see every count.

public sealed record HeatmapCellView(
    string Factor, string Level, int? Identified, int? Open, int? Resolved, int? Addressed, int? BlindSpots,
    IReadOnlyList<InterventionUseView> Interventions);

public sealed record InterventionUseView(string Intervention, string Name, int? Cases);

public sealed record ProgressionView(string Instrument, IReadOnlyList<ProgressionPeriodView> Periods, IReadOnlyList<DimensionChangeView> Changes);

public sealed record ProgressionPeriodView(
    string Period, string Dimension, int? Count, decimal? Mean, decimal? Median, decimal? LowerQuartile, decimal? UpperQuartile);

public sealed record DimensionChangeView(string Dimension, int? Cases, decimal? MeanFirst, decimal? MeanLatest, decimal? MeanChange);

public sealed record InterventionOutcomeView(
    string Intervention, string Name, string? Evidence, int? Participants, int? Completed, int? DroppedOut,
    int? OutcomeWithin6Months, int? OutcomeWithin12Months, int? RetainedAt6Months, int? WithProgressionChange, decimal? MeanProgressionChange);

public sealed class Disclosure(bool suppress, int threshold)
{
    private bool Small(int count) => suppress && count > 0 && count < threshold;

    public IReadOnlyList<HeatmapCellView> Heatmap(IReadOnlyList<HeatmapCell> cells)
    {
        var factors = cells.Select(c => c.Factor).Distinct().ToList();
        var levels = cells.Select(c => c.Level).Distinct().ToList();
        // One factor × level table per measure. Their totals are not shown, but an evaluator can count them from the
        // pseudonymised case list, so the suppression assumes they are known.
        Func<HeatmapCell, int>[] measures = [c => c.Identified, c => c.Open, c => c.Resolved, c => c.Addressed, c => c.BlindSpots];
        var tables = measures.Select(measure => (IReadOnlyList<IReadOnlyList<int>>)factors
            .Select(f => (IReadOnlyList<int>)levels.Select(l => measure(cells.Single(c => c.Factor == f && c.Level == l))).ToList())
            .ToList()).ToList();
        var shown = suppress ? SuppressLinked(tables) : tables.Select(t => t.Select(r => r.Select(v => (int?)v).ToArray()).ToArray()).ToArray();
        return cells.Select(c =>
        {
            var (f, l) = (factors.IndexOf(c.Factor), levels.IndexOf(c.Level));
            return new HeatmapCellView(c.Factor, c.Level, shown[0][f][l], shown[1][f][l], shown[2][f][l], shown[3][f][l], shown[4][f][l],
                [.. c.Interventions.Select(i => new InterventionUseView(i.Intervention, i.Name, Small(i.Cases) ? null : i.Cases))]);
        }).ToList();
    }

    /// <summary>
    /// The measures are linked (identified = open + resolved, open = addressed + blind spots), so a count hidden in one
    /// could be worked out from the others: a cell hidden in any is hidden in all. Whether a pattern of hidden cells
    /// protects a table depends on the pattern alone (every line with two or more, no hidden cell the others can be
    /// summed around), so one secondary suppression over the small cells of all five, priced by the identified counts
    /// (the largest), gives a pattern that protects each.
    /// </summary>
    private int?[][][] SuppressLinked(IReadOnlyList<IReadOnlyList<IReadOnlyList<int>>> tables)
    {
        var small = tables.SelectMany(t => t.SelectMany((row, f) => row.Select((v, l) => (v, f, l))))
            .Where(x => x.v > 0 && x.v < threshold).Select(x => (x.f, x.l)).ToHashSet();
        var pattern = SmallCellSuppression.Suppress(tables[0], threshold, totalsAreKnown: true, alsoHide: small).Cells;
        return [.. tables.Select(t => t.Select((row, f) => row.Select((v, l) => pattern[f][l] is null ? null : (int?)v).ToArray()).ToArray())];
    }

    public ProgressionView Progression(ProgressionReport report) => new(
        report.Instrument,
        [.. report.Periods.Select(p => Small(p.Count)
            ? new ProgressionPeriodView(p.Period, p.Dimension, null, null, null, null, null)
            : new ProgressionPeriodView(p.Period, p.Dimension, p.Count, p.Mean, p.Median, p.LowerQuartile, p.UpperQuartile))],
        [.. report.Changes.Select(c => Small(c.Cases)
            ? new DimensionChangeView(c.Dimension, null, null, null, null)
            : new DimensionChangeView(c.Dimension, c.Cases, c.MeanFirst, c.MeanLatest, c.MeanChange))]);

    public IReadOnlyList<InterventionOutcomeView> Outcomes(IReadOnlyList<InterventionOutcome> outcomes) =>
        outcomes.Select(o =>
        {
            // A small group hides everything about it, its mean included; otherwise only the small counts go.
            var hidden = Small(o.Participants);
            int? Count(int value) => hidden || Small(value) ? null : value;
            return new InterventionOutcomeView(o.Intervention, o.Name, o.Evidence, Count(o.Participants), Count(o.Completed),
                Count(o.DroppedOut), Count(o.OutcomeWithin6Months), Count(o.OutcomeWithin12Months), Count(o.RetainedAt6Months),
                Count(o.WithProgressionChange), hidden || Small(o.WithProgressionChange) ? null : o.MeanProgressionChange);
        }).ToList();
}

public sealed class HeatmapCellViewType : RecordGraphType<HeatmapCellView> { public HeatmapCellViewType() => Name = "HeatmapCell"; }
public sealed class InterventionUseViewType : RecordGraphType<InterventionUseView> { public InterventionUseViewType() => Name = "InterventionUse"; }
public sealed class ProgressionViewType : RecordGraphType<ProgressionView> { public ProgressionViewType() => Name = "Progression"; }
public sealed class ProgressionPeriodViewType : RecordGraphType<ProgressionPeriodView> { public ProgressionPeriodViewType() => Name = "ProgressionPeriodStats"; }
public sealed class DimensionChangeViewType : RecordGraphType<DimensionChangeView> { public DimensionChangeViewType() => Name = "DimensionChange"; }
public sealed class InterventionOutcomeViewType : RecordGraphType<InterventionOutcomeView> { public InterventionOutcomeViewType() => Name = "InterventionOutcome"; }
public sealed class CaseloadEntryType : RecordGraphType<CaseloadEntry>
{
    public CaseloadEntryType()
    {
        Name = "CaseloadEntry";
        GetField("CaseId")!.Type = typeof(GraphQL.Types.NonNullGraphType<GraphQL.Types.IdGraphType>);
    }
}
public sealed class DueFollowUpType : RecordGraphType<Domain.Cases.DueFollowUp> { public DueFollowUpType() => Name = "DueFollowUp"; }
