using System.Numerics;
using System.Globalization;

namespace Progression.Domain.Analytics;

/// <summary>How measurements are grouped in time: by the citizen's own course, or by the calendar.</summary>
public enum ProgressionPeriod
{
    /// <summary>Whole months between the case's opening and the measurement ("0", "3", "12"): comparable courses.</summary>
    MonthsSinceStart,

    /// <summary>The calendar quarter of the measurement in UTC ("2026-Q1"): what happened in a period.</summary>
    CalendarQuarter,
}

/// <summary>
/// Progression on one instrument across cases: the spread of scores per period and dimension, and how far cases moved
/// from their first measurement to their latest.
/// </summary>
public static class ProgressionTrends
{
    /// <summary>
    /// Every measurement of <paramref name="instrument"/> (any version) counts in its period, so a case measured twice
    /// in one period counts twice there: the figures describe measurements, not citizens. Periods come in time order,
    /// dimensions in the instrument's order; a (period, dimension) no measurement scored is left out. Means, medians and
    /// quartiles are rounded to two decimals.
    /// </summary>
    public static ProgressionReport Of(IEnumerable<CaseFacts> cases, Catalogue.Instrument instrument, ProgressionPeriod by)
    {
        var scores = new Dictionary<ScoreBar, int>();
        var changes = new Dictionary<string, ScoreChange>();
        foreach (var facts in cases)
        {
            foreach (var bar in ScoresOf(facts, instrument.Id, by)) scores.AddUp(bar, 1);
            foreach (var (dimension, change) in ChangesOf(facts, instrument.Id)) changes.AddUp(dimension, change);
        }
        return Report(instrument, by, scores, changes);
    }

    /// <summary>One bar of a histogram: a score given on a dimension in a period (by its order in time).</summary>
    public readonly record struct ScoreBar(int Period, string Dimension, decimal Score);

    /// <summary>Every score a case's measurements of the instrument gave, each in its period.</summary>
    public static IEnumerable<ScoreBar> ScoresOf(CaseFacts facts, string instrument, ProgressionPeriod by) =>
        facts.Measurements.Where(m => m.Instrument == instrument).SelectMany(m =>
            m.Scores.Select(score => new ScoreBar(PeriodOf(facts.Case.OpenedAt, m.At, by), score.Key, score.Value)));

    /// <summary>
    /// Only a case measured at least twice has moved; a dimension counts a case when both its first and its latest
    /// measurement scored it.
    /// </summary>
    public static IEnumerable<(string Dimension, ScoreChange Change)> ChangesOf(CaseFacts facts, string instrument)
    {
        var measured = facts.Measurements.Where(m => m.Instrument == instrument).ToList(); // in time order
        if (measured.Count < 2) yield break;
        foreach (var (dimension, first) in measured[0].Scores)
            if (measured[^1].Scores.TryGetValue(dimension, out var latest))
                yield return (dimension, new ScoreChange(1, first, latest));
    }

    /// <summary>The report from the histograms of scores and the sums of first and latest scores, however they were summed.</summary>
    public static ProgressionReport Report(Catalogue.Instrument instrument, ProgressionPeriod by,
        IReadOnlyDictionary<ScoreBar, int> scores, IReadOnlyDictionary<string, ScoreChange> changes)
    {
        var dimensions = instrument.Dimensions.Select(d => d.Id).ToList();
        var periods =
            from bars in scores.Where(s => s.Value > 0).GroupBy(s => (s.Key.Period, s.Key.Dimension))
            let dimension = dimensions.IndexOf(bars.Key.Dimension)
            where dimension >= 0
            orderby bars.Key.Period, dimension
            let histogram = bars.Select(b => (b.Key.Score, Count: b.Value)).OrderBy(b => b.Score).ToList()
            let count = histogram.Sum(b => b.Count)
            select new ProgressionPeriodStats(Label(bars.Key.Period, @by), bars.Key.Dimension, count,
                Figures.Round(histogram.Sum(b => b.Score * b.Count) / count),
                Figures.Round(Quartiles.Quantile(histogram, 0.5m)),
                Figures.Round(Quartiles.Quantile(histogram, 0.25m)),
                Figures.Round(Quartiles.Quantile(histogram, 0.75m)));
        var moved =
            from dimension in dimensions
            let change = changes.GetValueOrDefault(dimension)
            where change.Cases > 0
            select new DimensionChange(dimension, change.Cases, Figures.Round(change.FirstSum / change.Cases),
                Figures.Round(change.LatestSum / change.Cases), Figures.Round((change.LatestSum - change.FirstSum) / change.Cases));
        return new ProgressionReport(instrument.Id, [.. periods], [.. moved]);
    }

    /// <summary>A period's place in time: whole months since the start, or year × 4 + quarter − 1.</summary>
    private static int PeriodOf(DateTimeOffset openedAt, DateTimeOffset at, ProgressionPeriod by) =>
        by == ProgressionPeriod.MonthsSinceStart
            ? WholeMonths(openedAt.UtcDateTime, at.UtcDateTime)
            : at.UtcDateTime.Year * 4 + (at.UtcDateTime.Month - 1) / 3;

    private static string Label(int order, ProgressionPeriod by) => by == ProgressionPeriod.MonthsSinceStart
        ? order.ToString(CultureInfo.InvariantCulture)
        : $"{order / 4:D4}-Q{order % 4 + 1}";

    /// <summary>
    /// Whole calendar months from start to at. AddMonths keeps the day and time of day (clamped to a shorter month's
    /// end: 31 January + 1 month is 28 February), so it tells whether the last month has run in full.
    /// </summary>
    private static int WholeMonths(DateTime start, DateTime at)
    {
        var months = (at.Year - start.Year) * 12 + at.Month - start.Month;
        return start.AddMonths(months) > at ? months - 1 : months;
    }
}

/// <summary>Progression on one instrument: statistics per period and dimension, and change per dimension.</summary>
public sealed record ProgressionReport(string Instrument, IReadOnlyList<ProgressionPeriodStats> Periods, IReadOnlyList<DimensionChange> Changes);

/// <summary>The scores one dimension got in one period: how many, their mean, median and quartiles (type 7).</summary>
public sealed record ProgressionPeriodStats(
    string Period, string Dimension, int Count, decimal Mean, decimal Median, decimal LowerQuartile, decimal UpperQuartile);

/// <summary>Sums over cases of their first and latest score on a dimension: what a dimension's change is worked out from.</summary>
public readonly record struct ScoreChange(int Cases, decimal FirstSum, decimal LatestSum)
    : IAdditionOperators<ScoreChange, ScoreChange, ScoreChange>, ISubtractionOperators<ScoreChange, ScoreChange, ScoreChange>
{
    public static ScoreChange operator +(ScoreChange a, ScoreChange b) => new(a.Cases + b.Cases, a.FirstSum + b.FirstSum, a.LatestSum + b.LatestSum);

    public static ScoreChange operator -(ScoreChange a, ScoreChange b) => new(a.Cases - b.Cases, a.FirstSum - b.FirstSum, a.LatestSum - b.LatestSum);
}

/// <summary>
/// First against latest measurement, over the cases measured at least twice that scored the dimension both times:
/// the mean first score, the mean latest score, and the mean of each case's change.
/// </summary>
public sealed record DimensionChange(string Dimension, int Cases, decimal MeanFirst, decimal MeanLatest, decimal MeanChange);
