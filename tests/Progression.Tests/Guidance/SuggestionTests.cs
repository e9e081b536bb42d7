using System.Text.Json;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Progression.Tests.Cases;
using Progression.Tests.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Guidance;

/// <summary>
/// Suggestions for a case's blind spots, against expectations read by hand from schema/catalogue (the interventions
/// placed in a cell, their grades and numbers, the markers), never from the production code. Each test works in a
/// municipality of its own, so the local figures are only what it recorded.
/// </summary>
public class SuggestionTests(AppFixture app) : IClassFixture<AppFixture>
{
    // adult/interventions.json: the interventions whose cells include adult.mental-illness × individual, evidence first,
    // each grade in the report's numbering (1, 2, 8; then 7, 11, 12).
    private static readonly string[] MentalIllnessIndividual =
    [
        "adult.ips", "adult.screenings-og-udredningsmodel", "adult.kvis",
        "adult.indsats-i-udkanten", "adult.op-paa-hesten", "adult.samarbejdsmodel-kommuner-vaeresteder",
    ];

    private const string Evidence = "evidence", Positive = "positive-indication";

    [Fact]
    public async Task An_open_individual_mental_illness_barrier_gets_exactly_its_cells_interventions_evidence_first_and_the_groups_tools()
    {
        const string municipality = "0851";
        var (caseId, barrier) = await CaseWithBarrier(municipality, "adult", "adult.mental-illness", "individual");

        var answer = await app.Host.Get($"/api/cases/{caseId}/suggestions", municipality);

        Assert.Equal(200, answer.Status);
        Assert.Equal(caseId, answer.Body.GetProperty("caseId").GetGuid());
        var spot = Assert.Single(answer.Body.GetProperty("blindSpots").EnumerateArray());
        Assert.Equal(barrier, spot.GetProperty("barrierId").GetGuid());
        Assert.Equal(("adult.mental-illness", "individual"), (spot.GetProperty("factor").GetString(), spot.GetProperty("level").GetString()));
        Assert.Equal(MentalIllnessIndividual, Ids(spot));
        Assert.Equal([Evidence, Evidence, Evidence, Positive, Positive, Positive], Strings(spot, "evidence"));
        Assert.All(Strings(spot, "via"), via => Assert.Equal("cell", via));
        Assert.All(spot.GetProperty("interventions").EnumerateArray(), i => Assert.Equal(JsonValueKind.Null, i.GetProperty("previously").ValueKind));
        // adult/tools.json: the group's three tools, all graded evidence.
        Assert.Equal(["adult.mentor-schemes", "adult.company-based-activation", "adult.economic-sanctions"],
            answer.Body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("tool").GetString()));

        var graph = await app.Host.Graph($$"""{ case(id: "{{caseId}}") { suggestions { blindSpots { barrierId interventions { intervention via } } } } }""",
            TestTokens.Coordinator(municipality));
        var viaGraph = Assert.Single(graph.Body.GetProperty("data").GetProperty("case").GetProperty("suggestions").GetProperty("blindSpots").EnumerateArray());
        Assert.Equal(MentalIllnessIndividual, Ids(viaGraph));
    }

    [Fact]
    public async Task An_active_intervention_takes_the_suggestions_away_and_one_dropped_out_of_comes_back_marked_and_last()
    {
        const string municipality = "0860";
        var (caseId, barrier) = await CaseWithBarrier(municipality, "adult", "adult.mental-illness", "individual");
        var before = DateTimeOffset.UtcNow;
        var started = await app.Host.Record(caseId, "interventions",
            new { catalogueIntervention = "adult.kvis", barriers = new[] { barrier }, serviceArea = "health", provider = "p" }, municipality);

        var addressed = await app.Host.Get($"/api/cases/{caseId}/suggestions", municipality);
        Assert.Empty(addressed.Body.GetProperty("blindSpots").EnumerateArray());
        var asBefore = await app.Host.Get($"/api/cases/{caseId}/suggestions?asOf={Uri.EscapeDataString(before.ToString("O"))}", municipality);
        Assert.Single(asBefore.Body.GetProperty("blindSpots").EnumerateArray());

        await app.Host.Record(caseId, "interventions/drop-out", new { interventionId = started.Id, reason = "moved" }, municipality);

        var spot = Assert.Single((await app.Host.Get($"/api/cases/{caseId}/suggestions", municipality)).Body.GetProperty("blindSpots").EnumerateArray());
        Assert.Equal(["adult.ips", "adult.screenings-og-udredningsmodel", "adult.indsats-i-udkanten", "adult.op-paa-hesten",
            "adult.samarbejdsmodel-kommuner-vaeresteder", "adult.kvis"], Ids(spot));
        var last = spot.GetProperty("interventions").EnumerateArray().Last().GetProperty("previously");
        Assert.Equal("dropped-out", last.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_marker_cell_suggests_the_other_groups_intervention_which_can_be_started_and_is_recorded_as_such()
    {
        const string municipality = "0846";
        var (caseId, barrier) = await CaseWithBarrier(municipality, "youth", "youth.economic-problems", "individual");

        // youth/interventions.json: i-fokus is placed in the cell; the # marker there points to adult.gaeldsraadgivning.
        // Both are positive indications without local figures; the table's own placement comes before a marker's.
        var spot = Assert.Single((await app.Host.Get($"/api/cases/{caseId}/suggestions", municipality)).Body.GetProperty("blindSpots").EnumerateArray());
        Assert.Equal(["youth.i-fokus", "adult.gaeldsraadgivning"], Ids(spot));
        Assert.Equal(["cell", "marker"], Strings(spot, "via"));

        // An adult intervention no marker of the youth table points to stays refused, and writes nothing.
        var stream = await CaseScenarios.StoredStream(app.ConnectionString, caseId);
        var version = (await app.Host.Get($"/api/cases/{caseId}", municipality)).Version;
        var refused = await app.Host.Post($"/api/cases/{caseId}/interventions", new
        {
            catalogueIntervention = "adult.ips", barriers = new[] { barrier }, serviceArea = "employment", provider = "p", expectedVersion = version,
        }, municipality);
        Assert.Equal(400, refused.Status);
        Assert.True(refused.Body.GetProperty("errors").TryGetProperty("catalogueIntervention", out _), refused.Body.ToString());
        Assert.Equal(stream, await CaseScenarios.StoredStream(app.ConnectionString, caseId));

        await app.Host.Record(caseId, "interventions",
            new { catalogueIntervention = "adult.gaeldsraadgivning", barriers = new[] { barrier }, serviceArea = "social", provider = "p" }, municipality);

        var recorded = await StartedEvent(caseId);
        Assert.Equal("#", recorded.GetProperty("marker").GetString());
        Assert.Equal("adult.gaeldsraadgivning", recorded.GetProperty("catalogueIntervention").GetString());
        var cell = Assert.Single(recorded.GetProperty("cells").EnumerateArray());
        Assert.Equal(("youth.economic-problems", "individual"), (cell.GetProperty("factor").GetString(), cell.GetProperty("level").GetString()));
        Assert.Empty((await app.Host.Get($"/api/cases/{caseId}/suggestions", municipality)).Body.GetProperty("blindSpots").EnumerateArray());
    }

    [Fact]
    public async Task Within_a_grade_the_municipalitys_own_results_lead_when_there_are_enough_to_show()
    {
        // Five participants who all completed KVIS: shown (the threshold is 5), score 5/5 = 1, ahead of the evidence
        // interventions without local figures. Four: hidden as on the dashboard, so the report's numbering decides.
        const string enough = "0849", tooFew = "0840";
        await CompletedParticipants(enough, "adult.kvis", 5);
        await CompletedParticipants(tooFew, "adult.kvis", 4);
        var (shown, _) = await CaseWithBarrier(enough, "adult", "adult.mental-illness", "individual");
        var (hidden, _) = await CaseWithBarrier(tooFew, "adult", "adult.mental-illness", "individual");
        await app.Host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var first = Assert.Single((await app.Host.Get($"/api/cases/{shown}/suggestions", enough)).Body.GetProperty("blindSpots").EnumerateArray());
        Assert.Equal(["adult.kvis", "adult.ips", "adult.screenings-og-udredningsmodel"], Ids(first).Take(3));
        var local = first.GetProperty("interventions")[0].GetProperty("local");
        Assert.Equal((5, 5), (local.GetProperty("participants").GetInt32(), local.GetProperty("completed").GetInt32()));

        var second = Assert.Single((await app.Host.Get($"/api/cases/{hidden}/suggestions", tooFew)).Body.GetProperty("blindSpots").EnumerateArray());
        Assert.Equal(MentalIllnessIndividual, Ids(second));
        var kvis = second.GetProperty("interventions").EnumerateArray().Single(i => i.GetProperty("intervention").GetString() == "adult.kvis");
        Assert.Equal(JsonValueKind.Null, kvis.GetProperty("local").GetProperty("participants").ValueKind);
    }

    private async Task CompletedParticipants(string municipality, string intervention, int count)
    {
        for (var n = 0; n < count; n++)
        {
            var (caseId, barrier) = await CaseWithBarrier(municipality, "adult", "adult.mental-illness", "individual");
            var started = await app.Host.Record(caseId, "interventions",
                new { catalogueIntervention = intervention, barriers = new[] { barrier }, serviceArea = "health", provider = "p" }, municipality);
            await app.Host.Record(caseId, "interventions/complete", new { interventionId = started.Id }, municipality);
        }
    }

    private async Task<(Guid Case, Guid Barrier)> CaseWithBarrier(string municipality, string group, string factor, string level)
    {
        var caseId = await app.Host.OpenedCase(group, municipality: municipality);
        await app.Host.Record(caseId, "risk-factors", new { factor }, municipality);
        var barrier = await app.Host.Record(caseId, "barriers",
            new { factor, level, catalogueBarrier = $"{factor}.{level}.1", serviceArea = "social" }, municipality);
        return (caseId, barrier.Id);
    }

    private async Task<JsonElement> StartedEvent(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select data::text from progression.mt_events where stream_id = $1 and type = 'intervention_started'", connection)
        {
            Parameters = { new() { Value = caseId } },
        };
        return JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement.Clone();
    }

    private static IEnumerable<string?> Ids(JsonElement spot) => Strings(spot, "intervention");

    private static IEnumerable<string?> Strings(JsonElement spot, string property) =>
        spot.GetProperty("interventions").EnumerateArray().Select(i => i.GetProperty(property).GetString()).ToList();
}
