using System.Text.Json.Nodes;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Progression.Api.ReadModels;
using Progression.Harness;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;
using Progression.Tests.Transfer;

namespace Progression.Tests.ReadModels;

/// <summary>Seeded cases and the example file's two imported (each by its command, as a process), then the service on the database.</summary>
public sealed class RebuildFixture : AppFixture
{
    protected override async Task<IAlbaHost> StartAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"progression-rebuild-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, HistoryLines.Example);
        try
        {
            foreach (var command in new[] { ["seed", "--cases", "60", "--municipalities", "0101,0751", "--seed", "41"], new[] { "import", file } })
            {
                var (exit, output) = await ServiceProcess.RunAsync(command, Settings);
                Assert.True(exit == 0, output);
            }
        }
        finally
        {
            File.Delete(file);
        }
        return await Boot(_ => { });
    }

    public Dictionary<string, string> Settings => new() { ["ConnectionStrings:Progression"] = ConnectionString };
}

/// <summary>
/// The read-models rebuild as an operator runs it (the service's command line, as a process): every read model as the
/// service and the bulk loads kept it, row for row, rebuilt from the events after it was wiped and corrupted.
/// </summary>
public class ReadModelRebuildTests(RebuildFixture app) : IClassFixture<RebuildFixture>
{
    private IAlbaHost Host => app.Host;

    [Fact]
    public async Task A_rebuild_refuses_to_run_beside_the_service_then_gives_back_every_read_model_row_for_row_and_again_when_repeated()
    {
        await CommandsThroughTheApiAsync();
        await WaitForProjectionAsync();
        var kept = await ReadModelsAsync();

        var refused = await RebuildAsync();
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("A Progression service is running on this database", refused.Output);
        Assert.Equal(kept, await ReadModelsAsync());

        await StopServiceAsync();
        await CorruptAsync();
        Assert.NotEqual(kept, await ReadModelsAsync());

        var cases = (await DatabaseRows.RowsAsync(app.ConnectionString, "select count(*) from progression.mt_streams where version > 0")).Single();
        foreach (var run in new[] { "first", "again" })
        {
            var rebuilt = await RebuildAsync();
            Assert.True(rebuilt.ExitCode == 0, rebuilt.Output);
            Assert.Contains($"Rebuilt the read models of {cases} cases", rebuilt.Output);
            var after = await ReadModelsAsync();
            foreach (var (model, rows) in kept) Assert.True(rows.SequenceEqual(after[model]), $"{model} differs after the {run} rebuild");
        }
    }

    /// <summary>A whole pathway on a new case, and a day's work on an imported one and a seeded one.</summary>
    private async Task CommandsThroughTheApiAsync()
    {
        var caseId = await Host.OpenedCase("adult", DateTimeOffset.UtcNow.AddMonths(-7));
        await Host.Record(caseId, "risk-factors", new { factor = "adult.mental-illness" });
        await Host.Record(caseId, "risk-factors", new { factor = "adult.crime" });
        var barrier = (await Host.Record(caseId, "barriers", new
        {
            factor = "adult.mental-illness", level = "individual", catalogueBarrier = "adult.mental-illness.individual.1", serviceArea = "health",
        })).Id;
        var ips = (await Host.Record(caseId, "interventions", new
        {
            catalogueIntervention = "adult.ips", barriers = new[] { barrier }, serviceArea = "employment", provider = "Jobcenter",
        })).Id;
        await Host.Record(caseId, "measurements", new
        {
            instrument = "boligsocial-progression-goals", measuredBy = "mentor-7",
            scores = new Dictionary<string, decimal> { ["labour-market-education-mastery"] = 3, ["job-education-search-skills"] = 4, ["everyday-mastery"] = 5 },
        });
        await Host.Record(caseId, "risk-factors/clear", new { factor = "adult.crime" });
        await Host.Record(caseId, "interventions/drop-out", new { interventionId = ips, reason = "Moved" });
        await Host.Record(caseId, "outcomes", new { kind = "ordinary-job", happenedAt = DateTimeOffset.UtcNow.AddDays(-20) });

        var imported = JsonNode.Parse(HistoryLines.Example[1])!["caseId"]!.GetValue<Guid>();
        await Host.Record(imported, "close", new { reason = "Moved away" }, "0751");
        var seeded = Guid.Parse((await DatabaseRows.RowsAsync(app.ConnectionString,
            "select id from progression.case_list where tenant_id = '0101' and status = 'open' order by id limit 1")).Single());
        await Host.Record(seeded, "mentors", new { mentorId = "mentor-12" });
        await Host.Record(seeded, "close", new { reason = "done" });
    }

    private async Task WaitForProjectionAsync()
    {
        for (var waited = 0; waited < 300; waited++)
        {
            var behind = await DatabaseRows.RowsAsync(app.ConnectionString,
                "select (select last_value from progression.mt_events_sequence) - (select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All')");
            if (behind.Single() == "0") return;
            await Task.Delay(100);
        }
        Assert.Fail("the evaluation projection did not catch up within 30 s");
    }

    /// <summary>
    /// Stops the service. A stopped service's process ends and its connections with it; this one lives on in the test
    /// process, so its idle pooled connections (one held the shared lock) are closed by hand.
    /// </summary>
    private async Task StopServiceAsync()
    {
        // Taken before stopping: once stopped, Program's Main returns and the test host disposes its services (seen on a
        // busy CI machine). A data source disposed with them has closed its connections already.
        var database = Host.Services.GetRequiredService<NpgsqlDataSource>();
        await Host.StopAsync();
        try
        {
            database.Clear();
        }
        catch (ObjectDisposedException) { }
    }

    private Task<(int ExitCode, string Output)> RebuildAsync() => ServiceProcess.RunAsync(["read-models", "rebuild"], app.Settings);

    /// <summary>Documents gone and changed, list rows and counts wrong, sums off, the projection's mark set back.</summary>
    private async Task CorruptAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            delete from progression.mt_doc_case where id in (select id from progression.mt_doc_case order by id limit 5);
            update progression.mt_doc_casefacts set data = jsonb_set(data, '{version}', '999');
            update progression.case_list set status = 'closed', open_barriers = 99 where tenant_id = '0751';
            update progression.case_counts set cases = cases + 3;
            delete from progression.heatmap_barriers where factor like 'adult.%';
            update progression.progression_scores set scores = scores + 7;
            update progression.outcome_totals set change_sum = change_sum * 2 + 1;
            update progression.mt_event_progression set last_seq_id = 1 where name = 'CaseFacts:All';
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<Dictionary<string, List<string>>> ReadModelsAsync() => DatabaseRows.ReadModelsAsync(app.ConnectionString);
}
