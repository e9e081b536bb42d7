using System.Text.Json.Nodes;
using Alba;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Progression.Domain.Cases;
using Progression.Harness;
using Progression.Tests.Infrastructure;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Transfer;

/// <summary>
/// Three cases imported by the import command (its own process): one whose follow-up due is in the file, one whose
/// follow-up fell due without a record, one whose retention check falls due in a month. What the import left is kept,
/// then the service starts on the database with its clock 40 days on, so its sweep finds the third one due.
/// </summary>
public sealed class ImportedFollowUpsFixture : AppFixture
{
    // Whole seconds: the database keeps microseconds, the clock ticks in tenths of them.
    public static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(40);
    public static readonly (Guid Recorded, Guid Unrecorded, Guid Later) Cases = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
    public static readonly DateTimeOffset MeasuredAt = Started.AddDays(-100), UnrecordedMeasuredAt = Started.AddDays(-95), ReachedAt = Started.AddMonths(-2);

    /// <summary>The case documents right after the import, before the service ran.</summary>
    public Dictionary<Guid, JsonNode> Imported { get; } = [];

    public DateTimeOffset? NextFollowUpOfLater { get; private set; }

    protected override async Task<IAlbaHost> StartAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"progression-follow-ups-{Guid.NewGuid():N}.jsonl");
        var due = new FollowUpDue(FollowUpKind.Measurement, MeasuredAt.AddDays(91), Instrument: AdultInstrument);
        await File.WriteAllLinesAsync(file,
        [
            HistoryLines.Line(Cases.Recorded, MunicipalityCode, (Opening(Cases.Recorded, "imported-recorded"), null),
                (new ProgressionMeasured(Guid.CreateVersion7(), AdultInstrument, 1, Scores(), "mentor-1", MeasuredAt), null),
                (due, due.HappenedAt.AddMinutes(1))),
            HistoryLines.Line(Cases.Unrecorded, MunicipalityCode, (Opening(Cases.Unrecorded, "imported-unrecorded"), null),
                (new ProgressionMeasured(Guid.CreateVersion7(), AdultInstrument, 1, Scores(), "mentor-1", UnrecordedMeasuredAt), null)),
            HistoryLines.Line(Cases.Later, MunicipalityCode, (Opening(Cases.Later, "imported-later"), null),
                (new OutcomeReached(Guid.CreateVersion7(), OutcomeKind.FlexJob, ReachedAt), null)),
        ]);
        try
        {
            var (exit, output) = await ServiceProcess.RunAsync(["import", file],
                new Dictionary<string, string> { ["ConnectionStrings:Progression"] = ConnectionString });
            Assert.True(exit == 0, output);
        }
        finally
        {
            File.Delete(file);
        }

        foreach (var row in await DatabaseRows.RowsAsync(ConnectionString, "select id, data::text from progression.mt_doc_case"))
            Imported[Guid.Parse(row[..36])] = JsonNode.Parse(row[37..])!;
        NextFollowUpOfLater = DateTimeOffset.Parse((await DatabaseRows.RowsAsync(ConnectionString,
            "select next_follow_up_at from progression.case_list where id = $1", Cases.Later)).Single());
        return await Boot(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new Later(Ahead))));
    }

    private static CaseOpened Opening(Guid id, string reference) => new(id, reference, "adult", MunicipalityCode, [ServiceArea.Employment], Started.AddDays(-200));

    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}

public class ImportedFollowUpTests(ImportedFollowUpsFixture app) : IClassFixture<ImportedFollowUpsFixture>
{
    private static readonly (Guid Recorded, Guid Unrecorded, Guid Later) Cases = ImportedFollowUpsFixture.Cases;

    [Fact]
    public void A_follow_up_due_in_the_file_is_due_on_the_imported_case()
    {
        var due = Assert.Single(app.Imported[Cases.Recorded]["dueFollowUps"]!.AsArray())!;
        Assert.Equal("measurement", due["kind"]!.GetValue<string>());
        Assert.Equal(ImportedFollowUpsFixture.MeasuredAt.AddDays(91), due["dueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public void A_follow_up_that_fell_due_without_a_record_is_recorded_by_the_import()
    {
        var due = Assert.Single(app.Imported[Cases.Unrecorded]["dueFollowUps"]!.AsArray())!;
        Assert.Equal(ImportedFollowUpsFixture.UnrecordedMeasuredAt.AddDays(91), due["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(3, app.Imported[Cases.Unrecorded]["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_follow_up_not_yet_due_waits_in_the_case_list_and_the_sweep_records_it_when_it_falls_due()
    {
        Assert.Empty(app.Imported[Cases.Later]["dueFollowUps"]!.AsArray());
        Assert.Equal(ImportedFollowUpsFixture.ReachedAt.AddMonths(3), app.NextFollowUpOfLater);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> due;
        while ((due = await DatabaseRows.RowsAsync(app.ConnectionString,
                   "select data->>'checkpointMonths' from progression.mt_events where stream_id = $1 and type = 'follow_up_due'", Cases.Later)).Count == 0
               && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal(["3"], due);
    }
}
