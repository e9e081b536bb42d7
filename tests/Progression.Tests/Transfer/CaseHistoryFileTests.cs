using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Progression.Api.ReadModels;
using Progression.Api.Transfer;
using Progression.Domain.Cases;
using Progression.Domain.Seeding;
using Progression.Harness;
using Progression.Tests.Infrastructure;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Transfer;

/// <summary>
/// The import file's format, checked in as schema/import/case-history.v1.json, against the code that reads and writes
/// it; and the check every line meets, line by line: what passes whole, and what refuses a line, where and why.
/// </summary>
public class CaseHistoryFileTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Regenerate =
        "PROGRESSION_WRITE_SCHEMAS=1 dotnet test tests/Progression.Tests --filter \"FullyQualifiedName~CaseHistoryFile\"";

    /// <summary>The API's JSON options: the file is read as strictly as a command body.</summary>
    private JsonSerializerOptions Api => app.Host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    private HistoryCheck Check => new(TheCatalogue, Api);

    [Fact]
    public void The_format_matches_its_schema_file()
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot, "schema", "import", "case-history.v1.json");
        var actual = Schema();
        if (Environment.GetEnvironmentVariable("PROGRESSION_WRITE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, actual.ToJsonString(new JsonSerializerOptions
            {
                WriteIndented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }) + "\n");
            return;
        }
        Assert.True(File.Exists(path), $"schema/import/case-history.v1.json is missing. Generate it with {Regenerate}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), actual),
            "The import/export format (CaseHistoryLine, RecordedEvent, the event contracts) no longer matches " +
            $"schema/import/case-history.v1.json. If the change is deliberate, regenerate it with {Regenerate} and review the diff.");
    }

    /// <summary>The line's shape as the file's JSON options see it, each event's data by its type's contract in schema/events.</summary>
    private JsonObject Schema()
    {
        var options = CaseHistoryLine.Json(Api);
        options.MakeReadOnly(populateMissingResolver: true);
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(options, typeof(CaseHistoryLine),
            new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true }).AsObject();
        schema.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.Insert(1, "$id", "https://progression.local/schema/import/case-history.v1.json");
        schema.Insert(2, "title", "Case history v1: one line of an export or import file (JSON Lines)");
        var recorded = schema["properties"]!["events"]!["items"]!.AsObject();
        var names = EventContracts.ByName.Keys.Order().ToList();
        recorded["properties"]!["type"] = new JsonObject { ["enum"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]) };
        recorded["properties"]!["data"] = new JsonObject { ["type"] = "object" };
        recorded["allOf"] = new JsonArray([.. names.Select(name => new JsonObject
        {
            ["if"] = new JsonObject { ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = name } } },
            ["then"] = new JsonObject { ["properties"] = new JsonObject { ["data"] = new JsonObject { ["$ref"] = $"../events/{name}.v1.json" } } },
        })]);
        return schema;
    }

    [Fact]
    public void Every_line_of_the_example_file_passes_whole()
    {
        var lines = HistoryLines.Example;
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Null(Check.Check(line, DateTimeOffset.UtcNow).Problem?.Detail));
    }

    [Fact]
    public void Generated_histories_with_the_follow_ups_that_fell_due_pass_whole_and_load_as_they_are()
    {
        var check = Check;
        foreach (var generated in CaseGenerator.Generate(TheCatalogue, new SeedOptions(300, Kommunekoder.First(2), Seed: 4, Now)))
        {
            var opened = (CaseOpened)generated.Events[0];
            var current = generated.Events.Skip(1).Aggregate(Case.Open(generated.Id, opened), (c, e) => c.Evolve(e));
            // Recorded as the sweep records them: when they fall due, after the rest.
            var due = FollowUpRules.DueBy(current, instrument => CaseList.IntervalDays(TheCatalogue, instrument), Now);
            var events = generated.Events.Concat(due).ToList();
            var line = HistoryLines.Line(generated.Id, generated.Municipality, [.. events.Select(e => (e, (DateTimeOffset?)null))]);
            var result = check.Check(line, Now);
            Assert.True(result.Problem is null, $"case {generated.Id}: {result.Problem?.Detail}");
            Assert.Equal(events.Select(e => JsonSerializer.Serialize(e, e.GetType(), Api)),
                result.History!.Events.Select(e => JsonSerializer.Serialize(e, e.GetType(), Api)));
        }
    }

    [Fact]
    public void The_case_of_an_erased_citizen_passes_with_its_course_and_masked_text()
    {
        var example = JsonNode.Parse(HistoryLines.Example[0])!;
        foreach (var e in example["events"]!.AsArray())
        {
            var data = e!["data"]!.AsObject();
            foreach (var field in new[] { "citizenReference", "note", "reason", "description" })
                if (data[field] is not null) data[field] = Erasure.Mask;
        }
        var result = Check.Check(example.ToJsonString(), DateTimeOffset.UtcNow);
        Assert.Null(result.Problem?.Detail);
        Assert.Equal(Erasure.Mask, ((CaseOpened)result.History!.Events[0]).CitizenReference);
    }

    /// <summary>A fault put into the example's first case (a whole, recorded history) and where the check says it is.</summary>
    public static TheoryData<string, Func<string, string>, string, int> Faults => new()
    {
        { "not JSON", line => line[..40], "line", 400 },
        { "a field the event does not have", Edit(l => l["events"]![1]!["data"]!["factr"] = "adult.crime"), "events[1].data.factr", 400 },
        { "a required field left out", Edit(l => l["events"]![4]!["data"]!.AsObject().Remove("provider")), "events[4].data.provider", 400 },
        { "a word no enum has", Edit(l => l["events"]![4]!["data"]!["serviceArea"] = "elsewhere"), "events[4].data.serviceArea", 400 },
        { "a NUL in a note", Edit(l => l["events"]![8]!["data"]!["note"] = "a\0b"), "events[8].data.note", 400 },
        { "an unknown event type", Edit(l => l["events"]![4]!["type"] = "intervention-begun"), "events[4].type", 400 },
        { "no data", Edit(l => l["events"]![4]!["data"] = null), "events[4].data", 400 },
        { "the empty case id", Edit(l => l["caseId"] = Guid.Empty), "caseId", 400 },
        { "no kommunekode", Edit(l => l["municipality"] = "9999"), "municipality", 400 },
        { "the opening names another case", Edit(l => l["events"]![0]!["data"]!["caseId"] = Guid.NewGuid()), "events[0].data.caseId", 400 },
        { "the opening in another municipality", Edit(l => l["events"]![0]!["data"]!["municipality"] = "0751"), "events[0].data.municipality", 400 },
        { "a CPR number for a reference", Edit(l => l["events"]![0]!["data"]!["citizenReference"] = "010190-1234"), "events[0].data.citizenReference", 400 },
        { "a history not begun by its opening", Edit(l => l["events"]!.AsArray().RemoveAt(0)), "events[0].type", 400 },
        { "a version skipped", Edit(l => l["events"]![3]!["version"] = 5), "events[3].version", 400 },
        { "recorded in the future", Edit(l => l["events"]![9]!["recordedAt"] = DateTimeOffset.UtcNow.AddDays(1)), "events[9].recordedAt", 400 },
        { "happened after it was recorded", Edit(l => l["events"]![5]!["data"]!["happenedAt"] = "2025-01-14T14:00:00+01:00"), "events[5].data.happenedAt", 400 },
        { "a barrier of a risk factor not registered", Edit(l => l["events"]![2]!["data"]!["factor"] = "adult.crime"), "events[2].data.factor", 400 },
        { "a catalogue intervention in cells not its own", Edit(l => l["events"]![4]!["data"]!["cells"]!.AsArray().RemoveAt(1)), "events[4].data.cells", 400 },
        { "a score missing", Edit(l => l["events"]![5]!["data"]!["scores"]!.AsObject().Remove("everyday-mastery")), "events[5].data.scores.everyday-mastery", 400 },
        { "a measurement id twice", Edit(l => l["events"]![7]!["data"]!["measurementId"] = l["events"]![5]!["data"]!["measurementId"]!.GetValue<string>()),
            "events[7].data.measurementId", 409 },
        { "a follow-up due before it fell due", Edit(l => l["events"]![6]!["data"]!["happenedAt"] = "2025-04-10T13:00:00+01:00"), "events[6].data", 409 },
        { "a retention check months early", Edit(l => l["events"]![11]!["data"]!["happenedAt"] = "2025-07-01T10:00:00+02:00"), "events[11].data.checkpointMonths", 400 },
        { "a command on the closed case", Edit(l => l["events"]!.AsArray().Add(new JsonObject
            {
                ["type"] = "mentor-assigned", ["version"] = 14, ["recordedAt"] = "2025-09-02T08:00:00+00:00",
                ["data"] = new JsonObject { ["mentorId"] = "mentor-kbh-09", ["happenedAt"] = "2025-09-02T10:00:00+02:00" },
            })), "events[13]", 409 },
    };

    private static Func<string, string> Edit(Action<JsonNode> change) => text =>
    {
        var line = JsonNode.Parse(text)!;
        change(line);
        return line.ToJsonString();
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_line_with_a_fault_is_refused_naming_where_and_why(string fault, Func<string, string> put, string path, int status)
    {
        var example = HistoryLines.Example[0];
        var problem = Check.Check(put(example), DateTimeOffset.UtcNow).Problem;
        Assert.True(problem is not null, $"{fault}: the line passed");
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.True(errors.ContainsKey(path), $"{fault}: expected a fault at {path}, got {problem.Detail}");
        Assert.Equal(status, problem.Status);
    }
}
