using System.Text.Json;
using Alba;
using Progression.Api.Access;
using Progression.Tests.Cases;
using Progression.Tests.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Guidance;

/// <summary>
/// The programme check of chapter 7 against the catalogue files read by hand, and its demand figures against the
/// scenario's log of what was recorded (worked out here with LINQ).
/// </summary>
public class ProgrammeCheckTests(GraphScenario scenario) : IClassFixture<GraphScenario>
{
    private const string Copenhagen = "0101";
    private static readonly string Coordinator = TestTokens.Coordinator(Copenhagen);
    private static readonly string Evaluator = TestTokens.For(Roles.Evaluator, GraphScenario.MunicipalityIds);
    private static readonly string[] Levels = ["structural", "institutional", "interpersonal", "individual"];

    private IAlbaHost Host => scenario.Host;

    private static object MentalIllness(string[] levels, string[]? interventions = null, string[]? traits = null) => new
    {
        name = "Helhedsorienteret indsats", targetGroup = "adult", riskFactors = new[] { "adult.mental-illness" },
        cells = levels.Select(level => new { factor = "adult.mental-illness", level }).ToArray(), interventions, traits,
    };

    [Fact]
    public async Task A_programme_addressing_only_the_individual_level_of_mental_illness_leaves_that_factors_other_cells_and_their_barriers()
    {
        var answer = await Host.Post("/api/programmes/assessment", MentalIllness(["individual"], traits: ["holistic-focus", "aftercare"]));

        Assert.Equal(200, answer.Status);
        // adult/barriers.json: the factor's barriers at the three other levels.
        Assert.Equal(
        [
            "structural: adult.mental-illness.structural.1, adult.mental-illness.structural.2",
            "institutional: adult.mental-illness.institutional.1, adult.mental-illness.institutional.2, adult.mental-illness.institutional.3",
            "interpersonal: adult.mental-illness.interpersonal.1",
        ], answer.Body.GetProperty("unaddressed").EnumerateArray().Select(c =>
            $"{c.GetProperty("level").GetString()}: {string.Join(", ", c.GetProperty("barriers").EnumerateArray().Select(b => b.GetProperty("id").GetString()))}"));
        Assert.All(answer.Body.GetProperty("unaddressed").EnumerateArray().SelectMany(c => c.GetProperty("barriers").EnumerateArray()),
            b => Assert.False(string.IsNullOrEmpty(b.GetProperty("textDa").GetString())));

        // adult/interventions.json: who else works the individual cell, evidence first, each grade by number.
        var cell = Assert.Single(answer.Body.GetProperty("addressed").EnumerateArray());
        Assert.Equal("individual", cell.GetProperty("level").GetString());
        Assert.Equal(["adult.ips", "adult.screenings-og-udredningsmodel", "adult.kvis", "adult.indsats-i-udkanten", "adult.op-paa-hesten",
            "adult.samarbejdsmodel-kommuner-vaeresteder"], cell.GetProperty("interventions").EnumerateArray().Select(i => i.GetProperty("intervention").GetString()));
        Assert.All(cell.GetProperty("interventions").EnumerateArray(), i => Assert.False(string.IsNullOrEmpty(i.GetProperty("resultEn").GetString())));

        // catalogue.json: the five common traits of chapter 7, less the two the programme has.
        Assert.Equal(["parallel-tools", "continuous-contact", "mentor-relationship"],
            answer.Body.GetProperty("traits").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_catalogue_intervention_the_programme_builds_on_addresses_its_cells_too()
    {
        // adult.ips sits at the institutional and individual levels of mental illness.
        var answer = await Host.Post("/api/programmes/assessment", MentalIllness([], interventions: ["adult.ips"]));

        Assert.Equal(["structural", "interpersonal"], answer.Body.GetProperty("unaddressed").EnumerateArray().Select(c => c.GetProperty("level").GetString()));
        var addressed = answer.Body.GetProperty("addressed").EnumerateArray().ToList();
        Assert.Equal(["institutional", "individual"], addressed.Select(c => c.GetProperty("level").GetString()));
        Assert.All(addressed, c => Assert.True(c.GetProperty("interventions").EnumerateArray()
            .Single(i => i.GetProperty("intervention").GetString() == "adult.ips").GetProperty("builtOn").GetBoolean()));
    }

    [Fact]
    public async Task A_faulty_programme_is_refused_naming_every_field_and_nothing_is_kept()
    {
        var answer = await Host.Post("/api/programmes", new
        {
            programme = new
            {
                name = "", targetGroup = "adult", riskFactors = new[] { "adult.mental-illness", "youth.crime" },
                cells = new[] { new { factor = "adult.crime", level = "individual" }, new { factor = "adult.mental-illness", level = "cosmic" } },
                interventions = new[] { "youth.high-five" }, traits = new[] { "charisma" },
            },
        });

        Assert.Equal(400, answer.Status);
        var errors = answer.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order();
        Assert.Equal(["cells[0].factor", "cells[1].level", "interventions[0]", "name", "riskFactors[1]", "traits[0]"], errors);
        Assert.DoesNotContain((await Host.Get("/api/programmes")).Body.EnumerateArray(), p => p.GetProperty("name").GetString() == "");
    }

    [Fact]
    public async Task Demand_counts_the_open_cases_with_a_blind_spot_in_each_cell_exactly_for_a_coordinator_and_hidden_when_small_for_an_evaluator()
    {
        var factors = scenario.Catalogue.FindGroup("adult")!.RiskFactors.Select(f => f.Id).ToArray();
        var programme = new
        {
            name = "Individuelt fokus", targetGroup = "adult", riskFactors = factors,
            cells = factors.Select(factor => new { factor, level = "individual" }).ToArray(),
        };
        const string query = """
            query($p: ProgrammeInput!) { programmeAssessment(programme: $p) {
              demand { programmeCells { factor level cases } unaddressedCells { factor level cases } } } }
            """;

        var mine = await Host.Graph(query, Coordinator, new { p = programme });
        var all = await Host.Graph(query, Evaluator, new { p = programme });

        // Suppression as on the dashboard: an evaluator sees no count from 1 to 4 (Privacy:SuppressionThreshold 5).
        foreach (var (answer, municipalities, suppress) in new[] { (mine, new[] { Copenhagen }, false), (all, GraphScenario.MunicipalityIds, true) })
        {
            var demand = answer.Body.GetProperty("data").GetProperty("programmeAssessment").GetProperty("demand");
            var counts = BlindSpotCases(municipalities);
            string Expected(string factor, string level) =>
                counts.GetValueOrDefault((factor, level)) is var n && suppress && n is > 0 and < 5 ? "hidden" : n.ToString();
            Assert.Equal(factors.Select(f => $"{f}/individual: {Expected(f, "individual")}"), Show(demand.GetProperty("programmeCells")));
            Assert.Equal(factors.SelectMany(f => Levels.Where(l => l != "individual").Select(l => $"{f}/{l}: {Expected(f, l)}")).Order(),
                Show(demand.GetProperty("unaddressedCells")).Order());
        }
        Assert.True(BlindSpotCases(GraphScenario.MunicipalityIds).Values.Any(n => n is > 0 and < 5), "the scenario should have a small count to hide");
        Assert.True(BlindSpotCases([Copenhagen]).Values.Sum() > 0, "the scenario should have blind spots");

        // What an evaluator gets names no case.
        var text = all.Body.ToString();
        Assert.DoesNotContain(scenario.Log, c => text.Contains(c.Id.ToString()));
    }

    [Fact]
    public async Task Mentors_are_refused_the_programme_check()
    {
        var mentor = TestTokens.ForUser(Roles.Mentor, GraphScenario.MentorA, Copenhagen);

        var rest = await Host.Post("/api/programmes/assessment", MentalIllness(["individual"]), token: mentor);
        var graph = await Host.Graph("""query($p: ProgrammeInput!) { programmeAssessment(programme: $p) { traits { id } } }""",
            mentor, new { p = MentalIllness(["individual"]) });

        Assert.Equal(403, rest.Status);
        Assert.True(graph.Body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0, graph.Body.ToString());
        Assert.False(graph.Body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("programmeAssessment", out var a) && a.ValueKind != JsonValueKind.Null);
    }

    /// <summary>Open cases with a blind spot (an open barrier no active intervention names) in each cell, from the log.</summary>
    private Dictionary<(string Factor, string Level), int> BlindSpotCases(IReadOnlyCollection<string> municipalities) =>
        scenario.Log.Where(c => municipalities.Contains(c.Municipality) && c.IsOpen && c.Group == "adult")
            .SelectMany(c => c.Barriers
                .Where(b => b.ResolvedAt is null && !c.Interventions.Any(i => i.Status == "active" && i.Barriers.Contains(b.Id)))
                .Select(b => (b.Factor, b.Level)).Distinct())
            .GroupBy(cell => cell).ToDictionary(g => g.Key, g => g.Count());

    private static IEnumerable<string> Show(JsonElement cells) => cells.EnumerateArray().Select(c =>
        $"{c.GetProperty("factor").GetString()}/{c.GetProperty("level").GetString()}: "
        + (c.GetProperty("cases").ValueKind == JsonValueKind.Null ? "hidden" : c.GetProperty("cases").GetInt32().ToString()));
}
