using Progression.Domain.Catalogue;

namespace Progression.Tests.Catalogue;

/// <summary>
/// The shipped catalogue against the report: counts per table, and cells read off the report by hand (line numbers
/// of shared/seed/000_34aeeeeb298b4be7.txt in the comments).
/// </summary>
public class CatalogueIntegrityTests
{
    private static readonly Domain.Catalogue.Catalogue Model =
        CatalogueLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalogue"));

    private static TargetGroup Group(string id) => Model.FindGroup(id)!;

    [Theory]
    // group, categories, factors, barriers, interventions, with evidence, tools, markers
    [InlineData("adult", 5, 15, 78, 14, 4, 3, 1)]
    [InlineData("youth", 5, 15, 83, 14, 5, 2, 2)]
    public void Counts_per_table(string group, int categories, int factors, int barriers, int interventions,
        int withEvidence, int tools, int markers)
    {
        var g = Group(group);
        Assert.Equal(categories, g.Categories.Count);
        Assert.Equal(factors, g.RiskFactors.Count());
        Assert.Equal(barriers, g.Barriers.Count);
        Assert.Equal(interventions, g.Interventions.Count);
        Assert.Equal(Enumerable.Range(1, interventions), g.Interventions.Select(i => i.Number).Order());
        Assert.Equal(withEvidence, g.Interventions.Count(i => i.Evidence == EvidenceGrade.Evidence));
        Assert.Equal(tools, g.Tools.Count);
        Assert.Equal(markers, g.Markers.Count);
    }

    [Fact]
    public void The_four_levels_of_table_4_1_in_order()
    {
        Assert.Equal(["structural", "institutional", "interpersonal", "individual"],
            Model.Levels.OrderBy(l => l.Order).Select(l => l.Id));
        Assert.Equal("Interpersonelt niveau", Model.Levels.Single(l => l.Id == "interpersonal").LabelDa);
    }

    [Theory]
    // Table 5.1, l. 1897-1903: "Sindslidelser 7 | 1*, 2*, 7, 8*, 11,12 | 7, 11, 12 | 1*, 2*, 7, 8*, 11, 12"
    [InlineData("adult", "adult.mental-illness", "structural", new[] { 7 })]
    [InlineData("adult", "adult.mental-illness", "institutional", new[] { 1, 2, 7, 8, 11, 12 })]
    [InlineData("adult", "adult.mental-illness", "interpersonal", new[] { 7, 11, 12 })]
    // Table 5.1, l. 1905-1906: physical health "  8*  8*"
    [InlineData("adult", "adult.physical-health-problems", "structural", new int[0])]
    [InlineData("adult", "adult.physical-health-problems", "individual", new[] { 8 })]
    // Table 5.1: crime row holds only the # marker
    [InlineData("adult", "adult.crime", "individual", new int[0])]
    // Table 6.1, l. 2592-2597: "Sindslidelser  1*, 2*, 3*, 4*, 8, 9, 10, 11, 13 | 1*, 4*, 8, 10, 11, 13 | …"
    [InlineData("youth", "youth.mental-illness", "structural", new int[0])]
    [InlineData("youth", "youth.mental-illness", "institutional", new[] { 1, 2, 3, 4, 8, 9, 10, 11, 13 })]
    [InlineData("youth", "youth.mental-illness", "interpersonal", new[] { 1, 4, 8, 10, 11, 13 })]
    // Table 6.1, l. 2603-2607: risky substance use "4*, 8, 11, 13" interpersonal
    [InlineData("youth", "youth.risky-substance-use", "interpersonal", new[] { 4, 8, 11, 13 })]
    // Table 6.1, l. 2705: immigrants " 9, 12 12 9, 12"
    [InlineData("youth", "youth.non-western-immigrants", "institutional", new[] { 9, 12 })]
    [InlineData("youth", "youth.non-western-immigrants", "interpersonal", new[] { 12 })]
    public void Interventions_in_a_cell(string group, string factor, string level, int[] numbers)
    {
        var inCell = Group(group).Interventions
            .Where(i => i.Cells.Contains(new Cell(factor, level)))
            .Select(i => i.Number)
            .Order();
        Assert.Equal(numbers, inCell);
    }

    [Fact]
    public void Evidence_grades_follow_the_stars()
    {
        // Table 5.1 note: 1*, 2*, 8*, 13*; Table 6.1: 1*-4* and High:five (6.2.1.2, under "evidens for effekt").
        Assert.Equal([1, 2, 8, 13], EvidenceNumbers("adult"));
        Assert.Equal([1, 2, 3, 4, 6], EvidenceNumbers("youth"));
        Assert.Equal("Housing First", Group("adult").Interventions.Single(i => i.Number == 6).NameDa);
        Assert.Equal("High:five", Group("youth").Interventions.Single(i => i.Number == 6).NameDa);
    }

    private static int[] EvidenceNumbers(string group) =>
        Group(group).Interventions.Where(i => i.Evidence == EvidenceGrade.Evidence).Select(i => i.Number).Order().ToArray();

    [Fact]
    public void Markers_under_the_tables_point_across_groups()
    {
        // Table 5.1 "#": High:five also has courses for adult offenders; Table 6.1 "#" and "¤": Gældsrådgivning, Housing First.
        var highFive = Assert.Single(Group("adult").Markers);
        Assert.Equal(("#", "youth.high-five"), (highFive.Symbol, highFive.RefersTo));
        Assert.Equal(4, highFive.Cells!.Count(c => c.Factor == "adult.crime"));
        Assert.Equal(["adult.gaeldsraadgivning", "adult.housing-first"],
            Group("youth").Markers.Select(m => m.RefersTo!).Order());
        Assert.Contains(Group("youth").Markers, m => m.Symbol == "¤");
    }

    [Theory]
    // Table 4.2, l. 1205-1206 and l. 1213-1214
    [InlineData("adult.mental-illness", "structural", "Få ufaglærte jobs og/eller sociale arbejdspladser", 2)]
    [InlineData("adult.mental-illness", "institutional", "Problemer med at kommunikere med det psykiatriske system", 1)]
    // Table 4.3, crime row: a network that holds the young person in crime
    [InlineData("youth.crime", "interpersonal", "Netværk, der fastholder person i kriminalitet", 15)]
    public void Barrier_in_its_cell_with_its_source(string factor, string level, string textDa, int footnote)
    {
        var group = Model.GroupOfFactor(factor)!;
        var barrier = Assert.Single(Group(group).Barriers, b => b.TextDa == textDa && b.Factor == factor);
        Assert.Equal(level, barrier.Level);
        Assert.Contains(footnote, barrier.Footnotes!);
        Assert.Contains(Group(group).Footnotes, f => f.Number == footnote);
        Assert.Same(barrier, Model.FindBarrier(barrier.Id));
    }

    [Fact]
    public void Risk_factors_of_tables_3_1_and_3_2_verbatim()
    {
        Assert.Equal(["Sindslidelser", "Fysiske helhelbredsproblemer", "Handicap"],
            Group("adult").Categories.Single(c => c.LabelDa == "Helbredsmæssige udfordringer").Factors.Select(f => f.LabelDa));
        Assert.Contains(Group("youth").RiskFactors, f => f.LabelDa == "Manglende/problematisk overgang fra barn til voksen");
        // Table 4.2 leaves out the adults' educational factors (l. 1787); Table 4.3 keeps the youth ones.
        Assert.Equal(3, Group("adult").RiskFactors.Count(f => !f.InBarrierTable));
        Assert.All(Group("youth").RiskFactors, f => Assert.True(f.InBarrierTable));
    }

    [Fact]
    public void The_ten_life_areas_instrument()
    {
        // l. 2984-2986: "målt på 10 forskellige livsområder omfattende: uddannelse, arbejde, socialt liv, …"
        var instrument = Model.FindInstrument("ten-life-areas")!;
        Assert.Equal(["uddannelse", "arbejde", "socialt liv", "psykisk velbefindende", "rusmidler", "økonomi",
            "praktiske opgaver", "bolig", "familieforhold", "fysisk tilstand"], instrument.Dimensions.Select(d => d.LabelDa));
        Assert.True(instrument.Scale.Contains(instrument.Scale.Max));
        Assert.False(instrument.Scale.Contains(instrument.Scale.Max + 1));
    }
}
