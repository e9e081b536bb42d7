using System.Text.Json.Nodes;
using Alba;
using Progression.Api.ReadModels;
using Progression.Harness;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;
using Progression.Tests.Transfer;

namespace Progression.Tests.ReadModels;

/// <summary>
/// Seeded cases and the example file's two imported into a pool of two databases (each by its command, as a process),
/// then the service on the pool.
/// </summary>
public sealed class PoolBulkFixture : PoolFixture
{
    public const int Seeded = 60;

    protected override async Task<IAlbaHost> StartAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"progression-pool-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, HistoryLines.Example);
        try
        {
            string[][] commands = [["seed", "--cases", $"{Seeded}", "--municipalities", "0101,0751", "--seed", "43"], ["import", file]];
            foreach (var command in commands)
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
}

/// <summary>
/// The bulk tools on a pool of databases, as an operator runs them: each municipality's events and read models on the
/// database it is placed on, the rebuild database by database, a municipality moved out by export and import, and every
/// tool refused while a service holds the pool.
/// </summary>
public class PoolBulkLoadTests(PoolBulkFixture app) : IClassFixture<PoolBulkFixture>
{
    private const string Refused = "A Progression service is running on this database";

    /// <summary>Every table that holds a municipality's rows, events to sums.</summary>
    private static readonly string[] Tables =
    [
        "mt_streams", "mt_events", "mt_doc_case", "mt_doc_casefacts", ReadModelSchema.CaseList, ReadModelSchema.CaseCounts,
        .. ReadModelSchema.SumTables.Select(t => t.Name),
    ];

    [Fact]
    public async Task Seed_and_import_put_each_municipality_on_its_own_database_and_rebuild_gives_back_every_row_of_each()
    {
        var placed = await app.PlacementsAsync();
        Assert.Equal(["0101", "0751"], placed.Keys.Order());
        Assert.NotEqual(placed["0101"], placed["0751"]);
        foreach (var (id, database) in app.Pool)
        {
            var here = placed.Where(p => p.Value == id).Select(p => p.Key).ToList();
            foreach (var table in Tables)
                Assert.Equal(here, await DatabaseRows.RowsAsync(database, $"select distinct tenant_id from progression.{table} order by 1"));
            Assert.Equal(["0"], await DatabaseRows.RowsAsync(database,
                "select (select max(seq_id) from progression.mt_events) - last_seq_id from progression.mt_event_progression "
                + "where name = 'CaseFacts:All'"));
        }
        var cases = (await Task.WhenAll(app.Pool.Values.Select(d => DatabaseRows.RowsAsync(d, "select count(*) from progression.case_list"))))
            .Sum(rows => int.Parse(rows.Single()));
        Assert.Equal(PoolBulkFixture.Seeded + HistoryLines.Example.Count, cases);

        // A day's work through the service on each database, its projections caught up on both.
        await app.Host.Record(await app.Host.OpenedCase("adult", DateTimeOffset.UtcNow.AddMonths(-3)), "risk-factors",
            new { factor = "adult.mental-illness" });
        var imported = JsonNode.Parse(HistoryLines.Example[1])!["caseId"]!.GetValue<Guid>();
        await app.Host.Record(imported, "close", new { reason = "Moved away" }, "0751");
        foreach (var database in app.Pool.Values) await WaitForProjectionAsync(database);
        var kept = await ReadModelsAsync();

        var file = Path.Combine(Path.GetTempPath(), $"progression-pool-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, HistoryLines.Example);
        try
        {
            string[][] commands = [["seed", "--cases", "5", "--seed", "44"], ["import", file], ["read-models", "rebuild"]];
            foreach (var command in commands)
            {
                var (exit, output) = await ServiceProcess.RunAsync(command, app.Settings);
                Assert.NotEqual(0, exit);
                Assert.Contains(Refused, output);
            }
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(kept, await ReadModelsAsync());

        await app.StopServiceAsync();
        foreach (var database in app.Pool.Values) await CorruptAsync(database);
        var rebuilt = await ServiceProcess.RunAsync(["read-models", "rebuild"], app.Settings);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Output);
        Assert.Contains($"Rebuilt the read models of {cases + 1} cases", rebuilt.Output);
        var after = await ReadModelsAsync();
        foreach (var (id, models) in kept)
        foreach (var (model, rows) in models)
            Assert.True(rows.SequenceEqual(after[id][model]), $"{model} on database {id} differs after the rebuild");

        // A case id is the store's: one on the other database is refused as well.
        var elsewhere = JsonNode.Parse(HistoryLines.Example[1])!;
        elsewhere["municipality"] = "0101";
        elsewhere["events"]![0]!["data"]!["municipality"] = "0101";
        await File.WriteAllLinesAsync(file, [elsewhere.ToJsonString()]);
        try
        {
            var (exit, output) = await ServiceProcess.RunAsync(["import", file], app.Settings);
            Assert.NotEqual(0, exit);
            Assert.Contains("caseId: exists in this database already", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_municipality_exported_from_the_pool_and_imported_into_a_single_database_shows_the_same_case_views()
    {
        await using var target = await TransferDatabase.CreateAsync("pool_move_target");
        var (one, whole) = (Temp(), Temp());
        try
        {
            var export = await ServiceProcess.RunAsync(["export", one, "--municipality", "0751"], app.Settings);
            Assert.True(export.ExitCode == 0, export.Output);
            Assert.Equal(0, (await ServiceProcess.RunAsync(["export", whole], app.Settings)).ExitCode);
            Assert.Equal(File.ReadAllLines(whole).Where(l => JsonNode.Parse(l)!["municipality"]!.GetValue<string>() == "0751"),
                File.ReadAllLines(one));
            Assert.Contains("0101", File.ReadAllText(whole));

            var import = await target.RunAsync("import", one);
            Assert.True(import.ExitCode == 0, import.Output);
            var source = app.Pool[(await app.PlacementsAsync())["0751"]];
            // Follow-ups that fell due between the seed and the import are new events of the imported case: those cases
            // differ, as they would on any import later than the seed.
            const string followUps = "select distinct stream_id from progression.mt_events where type = 'follow_up_due' order by 1";
            var moved = (await target.RowsAsync(followUps)).Except(await DatabaseRows.RowsAsync(source, followUps)).ToHashSet();
            const string views = "select id, data::text from progression.mt_doc_case where tenant_id = '0751' order by id";
            var expected = (await DatabaseRows.RowsAsync(source, views)).Where(row => !moved.Contains(row.Split('|')[0])).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, (await target.RowsAsync(views)).Where(row => !moved.Contains(row.Split('|')[0])));
        }
        finally
        {
            File.Delete(one);
            File.Delete(whole);
        }

        static string Temp() => Path.Combine(Path.GetTempPath(), $"progression-pool-{Guid.NewGuid():N}.jsonl");
    }

    private async Task<Dictionary<string, Dictionary<string, List<string>>>> ReadModelsAsync()
    {
        var models = new Dictionary<string, Dictionary<string, List<string>>>();
        foreach (var (id, database) in app.Pool) models[id] = await DatabaseRows.ReadModelsAsync(database);
        return models;
    }

    private static async Task WaitForProjectionAsync(string database)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            var behind = await DatabaseRows.RowsAsync(database, "select (select last_value from progression.mt_events_sequence) - "
                + "(select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All')");
            if (behind.Single() == "0") return;
            await Task.Delay(100);
        }
        Assert.Fail("the evaluation projection did not catch up within 30 s");
    }

    /// <summary>Documents gone and changed, list rows and counts wrong, sums off, the projection's mark set back.</summary>
    private static async Task CorruptAsync(string database) => await DatabaseRows.RowsAsync(database, """
        delete from progression.mt_doc_case where id in (select id from progression.mt_doc_case order by id limit 5);
        update progression.mt_doc_casefacts set data = jsonb_set(data, '{version}', '999');
        update progression.case_list set status = 'closed', open_barriers = 99;
        update progression.case_counts set cases = cases + 3;
        update progression.outcome_totals set change_sum = change_sum * 2 + 1;
        update progression.mt_event_progression set last_seq_id = 1 where name = 'CaseFacts:All';
        """);
}
