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
        var courses = cases
            .Select(f => (f.Case.OpenedAt, Measurements: f.Measurements.Where(m => m.Instrument == instrument.Id).OrderBy(m => m.At).ToList()))
            .Where(c => c.Measurements.Count > 0)
            .ToList();
        var dimensions = instrument.Dimensions.Select(d => d.Id).ToList();

        var measured = courses.SelectMany(c => c.Measurements.Select(m => (Period: PeriodOf(c.OpenedAt, m.At, by), m.Scores)));
        var periods =
            from period in measured.GroupBy(m => m.Period, m => m.Scores)
            orderby period.Key.Order
            from dimension in dimensions
            let values = period.Where(s => s.ContainsKey(dimension)).Select(s => s[dimension]).ToList()
            where values.Count > 0
            select new ProgressionPeriodStats(period.Key.Label, dimension, values.Count,
                Figures.Round(values.Average()), Figures.Round(Quartiles.Median(values)),
                Figures.Round(Quartiles.LowerQuartile(values)), Figures.Round(Quartiles.UpperQuartile(values)));

        // Only a case measured at least twice has moved; a dimension counts a case when both its first and its latest
        // measurement scored it.
        var firstAndLatest = courses
            .Where(c => c.Measurements.Count >= 2)
            .Select(c => (First: c.Measurements[0].Scores, Latest: c.Measurements[^1].Scores))
            .ToList();
        var changes =
            from dimension in dimensions
            let pairs = firstAndLatest
                .Where(p => p.First.ContainsKey(dimension) && p.Latest.ContainsKey(dimension))
                .Select(p => (First: p.First[dimension], Latest: p.Latest[dimension]))
                .ToList()
            where pairs.Count > 0
            select new DimensionChange(dimension, pairs.Count,
                Figures.Round(pairs.Average(p => p.First)), Figures.Round(pairs.Average(p => p.Latest)),
                Figures.Round(pairs.Average(p => p.Latest - p.First)));

        return new ProgressionReport(instrument.Id, [.. periods], [.. changes]);
    }

    /// <summary>A period's label and its place in time (months since start, or year × 4 + quarter).</summary>
    private readonly record struct Period(int Order, string Label);

    private static Period PeriodOf(DateTimeOffset openedAt, DateTimeOffset at, ProgressionPeriod by)
    {
        if (by == ProgressionPeriod.MonthsSinceStart)
        {
            var months = WholeMonths(openedAt.UtcDateTime, at.UtcDateTime);
            return new Period(months, months.ToString(CultureInfo.InvariantCulture));
        }
        var utc = at.UtcDateTime;
        var quarter = (utc.Month - 1) / 3 + 1;
        return new Period(utc.Year * 4 + quarter - 1, $"{utc.Year:D4}-Q{quarter}");
    }

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

/// <summary>
/// First against latest measurement, over the cases measured at least twice that scored the dimension both times:
/// the mean first score, the mean latest score, and the mean of each case's change.
/// </summary>
public sealed record DimensionChange(string Dimension, int Cases, decimal MeanFirst, decimal MeanLatest, decimal MeanChange);
