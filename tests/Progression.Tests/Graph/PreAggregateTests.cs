using Progression.Api.Hosting;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Progression.Api.ReadModels;
using Progression.Domain.Analytics;
using Progression.Harness;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Tests.Graph;

/// <summary>Generated cases loaded by the seed command (its own process), then the service on the same database.</summary>
public sealed class SeededAppFixture : AppFixture
{
    public const int Cases = 400;
    public static readonly string[] Municipalities = ["0101", "0751"];

    protected override async Task<IAlbaHost> StartAsync()
    {
        var (exit, output) = await ServiceProcess.RunAsync(
            ["seed", "--cases", $"{Cases}", "--municipalities", string.Join(',', Municipalities), "--seed", "11"],
            new Dictionary<string, string> { ["ConnectionStrings:Progression"] = ConnectionString });
        Assert.True(exit == 0, output);
        return await Boot(_ => { });
    }
}

/// <summary>
/// The dashboards' pre-aggregated sums against the pure functions that define the figures, over every case document,
/// on generated data: as the seed command built them, and again after random commands the projection applied one by one.
/// </summary>
public class PreAggregateTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private IServiceProvider Services => app.Host.Services;
    private CatalogueModel Catalogue => Services.GetRequiredService<CatalogueModel>();

    [Fact]
    public async Task The_sums_answer_as_the_functions_do_after_a_bulk_load_and_after_commands_applied_one_by_one()
    {
        var random = new Random(20261203);
        await AssertSameAsync(random, "after the bulk load");

        var facts = await AllFactsAsync();
        var changed = 0;
        foreach (var target in facts.Where(f => f.Case.IsOpen).OrderBy(_ => random.Next()).Take(25))
            changed += await SomeCommandAsync(target, random) ? 1 : 0;
        Assert.True(changed >= 15, $"only {changed} commands were accepted");
        await WaitForProjectionAsync();
        await AssertSameAsync(random, "after commands");
    }

    private async Task AssertSameAsync(Random random, string when)
    {
        var facts = await AllFactsAsync();
        Assert.Equal(SeededAppFixture.Cases, facts.Count);
        var database = Services.GetRequiredService<MunicipalityDatabases>();
        var months = facts.SelectMany(f => f.Case.Barriers.Select(b => Months.Of(b.IdentifiedAt))).Distinct().Order().ToList();
        var now = DateTimeOffset.UtcNow;

        foreach (var municipality in SeededAppFixture.Municipalities)
        {
            var mine = facts.Where(f => f.Case.Municipality == municipality).ToList();
            foreach (var group in new[] { "adult", "youth" })
                for (var trial = 0; trial < 6; trial++)
                {
                    // Open ends sometimes; otherwise two months of the data, the earlier first.
                    int? from = trial == 0 ? null : months[random.Next(months.Count)];
                    int? to = trial <= 1 ? null : months[random.Next(months.Count)];
                    if (from > to) (from, to) = (to, from);
                    var (since, until) = (from is { } f ? Months.Start(f) : (DateTimeOffset?)null, to is { } t ? Months.End(t) : (DateTimeOffset?)null);

                    Assert.Equal(Show(MatrixHeatmap.Of(mine, Catalogue, group, since, until, now)),
                        Show((await DashboardQueries.HeatmapAsync(database, Catalogue, [municipality], group, from, to, default)).Value));
                    Assert.Equal(InterventionOutcomes.Of(mine, Catalogue, group, since, until, now),
                        (await DashboardQueries.OutcomesAsync(database, Catalogue, [municipality], group, from, to, default)).Value);
                }

            // The programme check's demand: open cases with a blind spot in a cell, once per cell.
            foreach (var group in new[] { "adult", "youth" })
            {
                var expected = mine.Where(f => f.Case.IsOpen && f.Case.TargetGroup == group)
                    .SelectMany(f => f.Case.BlindSpots.Select(b => $"{b.Factor}/{b.Level}").Distinct())
                    .GroupBy(cell => cell).Select(g => $"{g.Key}: {g.Count()}").Order();
                var kept = (await DashboardQueries.BlindSpotCasesAsync(database, [municipality], group, default)).Value;
                Assert.Equal(expected, kept.Where(c => c.Value != 0).Select(c => $"{c.Key.Factor}/{c.Key.Level}: {c.Value}").Order());
            }

            foreach (var instrument in Catalogue.Instruments)
                foreach (var by in Enum.GetValues<ProgressionPeriod>())
                {
                    var factor = mine.SelectMany(f => f.Case.RiskFactors.Where(r => r.ClearedAt is null)).Select(r => r.Factor).OrderBy(_ => random.Next()).First();
                    var opened = months[random.Next(months.Count)];
                    var cohorts = new (string? Factor, int? From, int? To, Func<CaseFacts, bool> Member)[]
                    {
                        (null, null, null, _ => true),
                        (factor, null, null, f => f.Case.HasRiskFactor(factor)),
                        (null, opened, opened + 5, f => Months.Of(f.Case.OpenedAt) >= opened && Months.Of(f.Case.OpenedAt) <= opened + 5),
                    };
                    foreach (var (cohortFactor, openedFrom, openedTo, member) in cohorts)
                        Assert.Equal(Show(ProgressionTrends.Of(mine.Where(member), instrument, by)),
                            Show((await DashboardQueries.ProgressionAsync(database, instrument, [municipality], null, cohortFactor, openedFrom, openedTo, by, default)).Value));
                }
        }
    }

    // Records compare by value but their lists by reference: compare what they print.
    private static string Show(IReadOnlyList<HeatmapCell> cells) =>
        string.Join("\n", cells.Select(c => $"{c with { Interventions = [] }} [{string.Join(", ", c.Interventions)}]"));

    private static string Show(ProgressionReport report) =>
        string.Join("\n", report.Periods.Select(p => p.ToString()).Concat(report.Changes.Select(c => c.ToString())));

    private async Task<IReadOnlyList<CaseFacts>> AllFactsAsync()
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<CaseFacts>().Where(f => f.AnyTenant()).ToListAsync();
    }

    /// <summary>One plausible command on a case: what a coordinator does in a day's work. Answers whether it was accepted.</summary>
    private async Task<bool> SomeCommandAsync(CaseFacts target, Random random)
    {
        var c = target.Case;
        var open = c.Barriers.Where(b => b.IsOpen).ToList();
        var active = c.Interventions.Where(i => i.Status == Domain.Cases.InterventionStatus.Active).ToList();
        var instrument = c.TargetGroup == "adult" ? "boligsocial-progression-goals" : "ten-life-areas";
        (string Path, object Body) command = random.Next(6) switch
        {
            0 when open.Count > 0 => ("barriers/resolve", (object)new { barrierId = open[random.Next(open.Count)].Id }),
            1 when active.Count > 0 => ("interventions/drop-out", (object)new { interventionId = active[random.Next(active.Count)].Id, reason = "moved" }),
            2 when open.Count > 0 => ("interventions", (object)new
            {
                serviceArea = "social", provider = "Kommunen", barriers = new[] { open[0].Id },
                local = new { name = "Jobklub", cells = new[] { new { factor = open[0].Factor, level = open[0].Level } } },
            }),
            3 => ("measurements", (object)new
            {
                instrument, measuredBy = "mentor-test",
                scores = Catalogue.FindInstrument(instrument)!.Dimensions.ToDictionary(d => d.Id, _ => (decimal)random.Next(1, 11)),
            }),
            4 when c.RiskFactors.Any(f => f.ClearedAt is null) && open.Count == 0 =>
                ("risk-factors/clear", new { factor = c.RiskFactors.First(f => f.ClearedAt is null).Factor }),
            _ => ("close", (object)new { reason = "done" }),
        };
        var token = TestTokens.Coordinator(c.Municipality);
        var version = (await app.Host.Get($"/api/cases/{c.Id}", c.Municipality, token)).Version;
        var merged = System.Text.Json.JsonSerializer.SerializeToNode(command.Body, System.Text.Json.JsonSerializerOptions.Web)!.AsObject();
        merged["expectedVersion"] = version;
        var answer = await app.Host.Send("POST", $"/api/cases/{c.Id}/{command.Path}", null, c.Municipality, rawBody: merged.ToJsonString(), token: token);
        return answer.Status == 200;
    }

    private async Task WaitForProjectionAsync()
    {
        var database = Services.GetRequiredService<NpgsqlDataSource>();
        for (var waited = 0; waited < 300; waited++)
        {
            await using var command = database.CreateCommand(
                "select (select last_value from progression.mt_events_sequence) - (select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All')");
            if (await command.ExecuteScalarAsync() is 0L) return;
            await Task.Delay(100);
        }
        Assert.Fail("the evaluation projection did not catch up within 30 s");
    }
}
