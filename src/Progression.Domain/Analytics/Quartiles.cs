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
    public static decimal Quantile(IEnumerable<decimal> values, decimal p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0m);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1m);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("A quantile needs at least one value.", nameof(values));

        // The position between ranks (0-based): p of the way from the smallest value to the largest.
        var position = (sorted.Length - 1) * p;
        var below = (int)decimal.Floor(position);
        if (below == sorted.Length - 1) return sorted[below];
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }
}
