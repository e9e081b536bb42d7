using System.Text.Json.Nodes;

namespace Progression.Tests.Transfer;

/// <summary>
/// Export and import as an operator runs them: the service's own command line, as a process, against databases of the
/// test's own.
/// </summary>
public class ImportExportTests
{
    private const string Events = "select tenant_id, stream_id, version, type, data::text, timestamp, user_name, id, correlation_id, "
                                  + "causation_id, headers::text, mt_dotnet_type from progression.mt_events order by tenant_id, stream_id, version";

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"progression-transfer-{Guid.NewGuid():N}.jsonl");

    [Fact]
    public async Task Seeded_cases_exported_and_imported_into_an_empty_database_come_out_the_same_byte_for_byte()
    {
        await using var source = await TransferDatabase.CreateAsync("export_source");
        await using var target = await TransferDatabase.CreateAsync("import_target");
        var (exported, again, one) = (TempFile(), TempFile(), TempFile());
        try
        {
            Assert.Equal(0, (await source.RunAsync("seed", "--cases", "48", "--municipalities", "0101,0751", "--seed", "31")).ExitCode);
            var export = await source.RunAsync("export", exported);
            Assert.True(export.ExitCode == 0, export.Output);
            Assert.Contains("Exported 48 cases", export.Output);
            var import = await target.RunAsync("import", exported);
            Assert.True(import.ExitCode == 0, import.Output);
            Assert.Contains("Imported 48 cases", import.Output);

            // Every event as it was stored; the only new ones are follow-ups that fell due between the seed and the import.
            var (before, after) = (await source.RowsAsync(Events), await target.RowsAsync(Events));
            Assert.Empty(before.Except(after));
            var derived = after.Except(before).ToList();
            Assert.All(derived, row => Assert.Equal("follow_up_due", row.Split('|')[3]));
            var moved = derived.Select(row => row.Split('|')[1]).ToHashSet();

            // Every read model built from them, the case views and lists row for row, the dashboards' sums and counts too.
            foreach (var query in new[]
                     {
                         "select id, data::text from progression.mt_doc_case order by id", "select id, data::text from progression.mt_doc_casefacts order by id",
                         "select * from progression.case_list order by id",
                     })
                Assert.Equal(Unmoved(await source.RowsAsync(query)), Unmoved(await target.RowsAsync(query)));
            if (moved.Count == 0)
                foreach (var table in new[] { "case_counts", "heatmap_barriers", "heatmap_barrier_changes", "heatmap_uses", "outcome_totals", "progression_scores" })
                    Assert.Equal((await source.RowsAsync($"select * from progression.{table}")).Order(), (await target.RowsAsync($"select * from progression.{table}")).Order());
            Assert.Equal(await target.RowsAsync("select max(seq_id) from progression.mt_events"),
                await target.RowsAsync("select last_seq_id from progression.mt_event_progression where name = 'CaseFacts:All'"));

            // Exported again, the file is the same, and one municipality's export is its lines of the whole.
            Assert.Equal(0, (await target.RunAsync("export", again)).ExitCode);
            Assert.Equal(Unmoved(File.ReadAllLines(exported)), Unmoved(File.ReadAllLines(again)));
            Assert.Equal(0, (await source.RunAsync("export", one, "--municipality", "0751")).ExitCode);
            Assert.Equal(File.ReadAllLines(exported).Where(l => JsonNode.Parse(l)!["municipality"]!.GetValue<string>() == "0751"), File.ReadAllLines(one));
            Assert.NotEmpty(File.ReadAllLines(one));

            IEnumerable<string> Unmoved(IEnumerable<string> rows) => rows.Where(row => !moved.Any(row.Contains));
        }
        finally
        {
            foreach (var file in new[] { exported, again, one }) File.Delete(file);
        }
    }

    [Fact]
    public async Task A_bad_line_is_reported_by_number_and_reason_and_its_case_is_not_written_while_the_others_are()
    {
        await using var database = await TransferDatabase.CreateAsync("import_refusals");
        var file = TempFile();
        // The first example case again under another id, all of it recorded by the rules but its last event.
        var refused = Guid.CreateVersion7();
        var bad = JsonNode.Parse(HistoryLines.Example[0])!;
        bad["caseId"] = refused;
        bad["events"]![0]!["data"]!["caseId"] = refused;
        bad["events"]![12]!["data"]!["reason"] = " ";
        await File.WriteAllLinesAsync(file, [HistoryLines.Example[1], bad.ToJsonString(), HistoryLines.Example[0], "", HistoryLines.Example[1], "not json"]);
        try
        {
            var (exit, output) = await database.RunAsync("import", file);

            Assert.NotEqual(0, exit);
            Assert.Contains($"line 2 (case {refused}): The command is invalid: events[12].data.reason: is required", output);
            Assert.Contains($"line 5 (case {Id(HistoryLines.Example[1])}): The command conflicts with the case as it stands: caseId: is the case of line 1 already", output);
            Assert.Contains("line 6: The command is invalid: line: is not valid JSON", output);
            Assert.Contains("Imported 2 cases (19 events) of 6 lines", output);
            Assert.Contains("refused 3 lines", output);

            // A case is imported whole or not at all: nothing of the refused one, everything of the others.
            foreach (var table in new[] { "mt_streams", "mt_doc_case", "mt_doc_casefacts", "case_list" })
                Assert.Empty(await database.RowsAsync($"select 1 from progression.{table} where id = $1", refused));
            Assert.Empty(await database.RowsAsync("select 1 from progression.mt_events where stream_id = $1", refused));
            Assert.Equal(["13", "6"], await database.RowsAsync(
                "select count(*) from progression.mt_events where stream_id = any($1) group by stream_id order by count(*) desc",
                (object)HistoryLines.Example.Select(Id).ToArray()));
            Assert.Equal(["0101|adult|closed|1", "0751|youth|open|1"],
                await database.RowsAsync("select tenant_id, target_group, status, cases from progression.case_counts where cases > 0 order by 1"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_case_id_already_in_the_database_is_refused_in_every_municipality_and_the_case_left_as_it_was()
    {
        await using var database = await TransferDatabase.CreateAsync("import_existing");
        var (first, second) = (TempFile(), TempFile());
        var elsewhere = JsonNode.Parse(HistoryLines.Example[1])!;
        elsewhere["municipality"] = "0461";
        elsewhere["events"]![0]!["data"]!["municipality"] = "0461";
        var renamed = Guid.CreateVersion7();
        var fresh = JsonNode.Parse(HistoryLines.Example[1])!;
        fresh["caseId"] = renamed;
        fresh["events"]![0]!["data"]!["caseId"] = renamed;
        await File.WriteAllLinesAsync(first, HistoryLines.Example);
        await File.WriteAllLinesAsync(second, [HistoryLines.Example[0], elsewhere.ToJsonString(), fresh.ToJsonString()]);
        try
        {
            var initial = await database.RunAsync("import", first);
            Assert.True(initial.ExitCode == 0, initial.Output);
            var before = await database.RowsAsync(Events);

            var (exit, output) = await database.RunAsync("import", second);

            Assert.NotEqual(0, exit);
            Assert.Contains($"line 1 (case {Id(HistoryLines.Example[0])}): The command conflicts with the case as it stands: caseId: exists in this database already", output);
            Assert.Contains($"line 2 (case {Id(HistoryLines.Example[1])}): The command conflicts with the case as it stands: caseId: exists in this database already", output);
            Assert.Contains("Imported 1 case (6 events) of 3 lines", output);
            var after = await database.RowsAsync(Events);
            Assert.Equal(before, after.Where(row => !row.Contains(renamed.ToString())));
            Assert.Equal(6, after.Count(row => row.Contains(renamed.ToString())));
            Assert.Empty(await database.RowsAsync("select 1 from progression.mt_streams where tenant_id = '0461'"));
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }

    // The progress bar is Spectre's: redirected, it prints a milestone (25 %, 50 % …) at most once a second, so a file this
    // small may show none; the summary line is the command's own.
    [Fact]
    public async Task The_commands_say_what_they_did_and_refuse_a_missing_file_or_municipality_with_a_non_zero_exit_writing_nothing()
    {
        await using var database = await TransferDatabase.CreateAsync("transfer_commands");
        var (file, exported, missing) = (TempFile(), TempFile(), TempFile());
        await File.WriteAllLinesAsync(file, HistoryLines.Example);
        try
        {
            var import = await database.RunAsync("import", file);
            Assert.True(import.ExitCode == 0, import.Output);
            Assert.Contains("Imported 2 cases (19 events) of 2 lines", import.Output);
            Assert.Contains("refused 0 lines", import.Output);

            var export = await database.RunAsync("export", exported);
            Assert.True(export.ExitCode == 0, export.Output);
            Assert.Contains($"Exported 2 cases (19 events) to {exported}", export.Output);
            Assert.Equal(HistoryLines.Example.Select(Id), File.ReadAllLines(exported).Select(Id));
            Assert.False(File.Exists(exported + ".partial"));

            var before = await database.RowsAsync(Events);
            var (exit, output) = await database.RunAsync("import", missing);
            Assert.NotEqual(0, exit);
            Assert.Contains($"No such file: {missing}", output);
            (exit, output) = await database.RunAsync("export", missing, "--municipality", "9999");
            Assert.NotEqual(0, exit);
            Assert.Contains("Not a kommunekode: 9999", output);
            Assert.False(File.Exists(missing) || File.Exists(missing + ".partial"));
            Assert.Equal(before, await database.RowsAsync(Events));
        }
        finally
        {
            foreach (var path in new[] { file, exported }) File.Delete(path);
        }
    }

    private static Guid Id(string line) => JsonNode.Parse(line)!["caseId"]!.GetValue<Guid>();
}
