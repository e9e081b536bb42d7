namespace Progression.Domain.Analytics;

/// <summary>
/// Median and quartiles by linear interpolation between the closest ranks (Hyndman &amp; Fan's type 7: Excel's
/// QUARTILE.INC, numpy's and R's default), so the figures on a dashboard match what an evaluator gets in a spreadsheet.
/// Exact: rounding is the caller's business.
/// </summary>
public static class Quartiles
{
    public static decimal LowerQuartile(IEnumerable<decimal> values) => Quantile(values, 0.25m);

    public static decimal Median(IEnumerable<decimal> values) => Quantile(values, 0.5m);

    public static decimal UpperQuartile(IEnumerable<decimal> values) => Quantile(values, 0.75m);

    /// <summary>The <paramref name="p"/>-quantile (0 ≤ p ≤ 1) of one or more values, in any order.</summary>
    public static decimal Quantile(IEnumerable<decimal> values, decimal p) =>
        Quantile([.. values.Order().Select(v => (v, 1))], p);

    /// <summary>
    /// The same from a histogram (value and how often it occurs, values ascending): exact, whatever the number of
    /// values behind it, so dashboards can keep histograms instead of every score.
    /// </summary>
    public static decimal Quantile(IReadOnlyList<(decimal Value, int Count)> histogram, decimal p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0m);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1m);
        var n = histogram.Sum(b => b.Count);
        if (n == 0) throw new ArgumentException("A quantile needs at least one value.", nameof(histogram));

        // The position between ranks (0-based): p of the way from the smallest value to the largest.
        var position = (n - 1) * p;
        var below = (int)decimal.Floor(position);
        var atBelow = Ranked(histogram, below);
        return below == n - 1 ? atBelow : atBelow + (position - below) * (Ranked(histogram, below + 1) - atBelow);
    }

    /// <summary>The value at a 0-based rank of the sorted values the histogram stands for.</summary>
    private static decimal Ranked(IReadOnlyList<(decimal Value, int Count)> histogram, int rank)
    {
        foreach (var (value, count) in histogram)
        {
            if (rank < count) return value;
            rank -= count;
        }
        throw new ArgumentOutOfRangeException(nameof(rank));
    }
}
