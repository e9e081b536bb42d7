using Progression.Domain.Analytics;

namespace Progression.Tests.Analytics;

/// <summary>Type 7 quantiles (Excel QUARTILE.INC, numpy's default), worked out by hand: h = (n − 1)·p, then interpolate.</summary>
public class QuartilesTests
{
    [Theory]
    // One value is every quantile.
    [InlineData(new[] { 5.0 }, 5.0, 5.0, 5.0)]
    // h = 0.25, 0.5, 0.75 between 1 and 2.
    [InlineData(new[] { 1.0, 2.0 }, 1.25, 1.5, 1.75)]
    // h = 0.5, 1, 1.5.
    [InlineData(new[] { 1.0, 2.0, 3.0 }, 1.5, 2.0, 2.5)]
    // h = 0.75, 1.5, 2.25.
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, 1.75, 2.5, 3.25)]
    // h = 1, 2, 3: exactly on ranks.
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }, 2.0, 3.0, 4.0)]
    // h = 1.25 (4 + 0.25·0), 2.5 (4 + 0.5·1), 3.75 (5 + 0.75·2).
    [InlineData(new[] { 2.0, 4.0, 4.0, 5.0, 7.0, 9.0 }, 4.0, 4.5, 6.5)]
    // Order of the input does not matter: sorted 1, 2, 3, 7, 10.
    [InlineData(new[] { 7.0, 1.0, 10.0, 3.0, 2.0 }, 2.0, 3.0, 7.0)]
    public void Quartiles_interpolate_between_the_closest_ranks(double[] values, double lower, double median, double upper)
    {
        var scores = values.Select(v => (decimal)v).ToList();

        Assert.Equal((decimal)lower, Quartiles.LowerQuartile(scores));
        Assert.Equal((decimal)median, Quartiles.Median(scores));
        Assert.Equal((decimal)upper, Quartiles.UpperQuartile(scores));
    }

    [Fact]
    public void Quartiles_are_exact_and_left_unrounded()
    {
        // h = 0.25 → 1 + 0.25·0.5 = 1.125; h = 0.75 → 1.375.
        Assert.Equal(1.125m, Quartiles.LowerQuartile([1m, 1.5m]));
        Assert.Equal(1.375m, Quartiles.UpperQuartile([1m, 1.5m]));
    }

    [Fact]
    public void The_ends_are_the_smallest_and_the_largest_value()
    {
        Assert.Equal(1m, Quartiles.Quantile([4m, 1m, 3m], 0m));
        Assert.Equal(4m, Quartiles.Quantile([4m, 1m, 3m], 1m));
        // h = 0.9·2 = 1.8 → 3 + 0.8·1.
        Assert.Equal(3.8m, Quartiles.Quantile([4m, 1m, 3m], 0.9m));
    }

    [Fact]
    public void No_values_have_no_quantile()
    {
        Assert.Throws<ArgumentException>(() => Quartiles.Median([]));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void A_quantile_lies_between_0_and_1(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quartiles.Quantile([1m, 2m], (decimal)p));
    }
}
