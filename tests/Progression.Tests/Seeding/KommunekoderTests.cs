using Progression.Domain.Seeding;

namespace Progression.Tests.Seeding;

public class KommunekoderTests
{
    [Fact]
    public void Denmark_has_98_municipalities_with_distinct_four_digit_codes()
    {
        Assert.Equal(98, Kommunekoder.All.Count);
        Assert.All(Kommunekoder.All, k => Assert.Matches("^0[1-8][0-9]{2}$", k.Code));
        Assert.Equal(98, Kommunekoder.All.Select(k => k.Code).Distinct().Count());
        Assert.Equal(98, Kommunekoder.All.Select(k => k.Name).Distinct().Count());
    }

    [Fact]
    public void The_four_largest_cities_come_first_then_the_rest_by_code()
    {
        Assert.Equal(["0101", "0751", "0461", "0851"], Kommunekoder.First(4));
        var rest = Kommunekoder.All.Skip(4).Select(k => k.Code).ToList();
        Assert.Equal(rest.Order(StringComparer.Ordinal), rest);
        Assert.Equal("0147", rest[0]);
    }

    [Fact]
    public void The_first_m_are_a_prefix_of_all_of_them()
    {
        Assert.Equal(Kommunekoder.All.Select(k => k.Code), Kommunekoder.First(98));
        Assert.Equal(["0101"], Kommunekoder.First(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kommunekoder.First(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kommunekoder.First(99));
        Assert.Equal("Aarhus", Kommunekoder.Find("0751")?.Name);
        Assert.Null(Kommunekoder.Find("0411"));
    }
}
