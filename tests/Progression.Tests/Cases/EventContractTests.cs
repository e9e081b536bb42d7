using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Progression.Api.Cases;
using Progression.Domain.Cases;

namespace Progression.Tests.Cases;

/// <summary>
/// The events' JSON contracts, checked in as schema/events/&lt;event&gt;.v1.json, against the event types: a change to
/// an event's shape fails here until its schema is regenerated on purpose and reviewed. Regenerate with
/// PROGRESSION_WRITE_SCHEMAS=1 (see <see cref="Regenerate"/>).
/// </summary>
public partial class EventContractTests
{
    private const string Regenerate =
        "PROGRESSION_WRITE_SCHEMAS=1 dotnet test tests/Progression.Tests --filter \"FullyQualifiedName~EventContract\"";

    private static readonly bool WriteSchemas = Environment.GetEnvironmentVariable("PROGRESSION_WRITE_SCHEMAS") == "1";

    private static readonly Type[] EventTypes = typeof(CaseOpened).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(CaseOpened).Namespace && t is { IsClass: true, IsAbstract: false }
                    && typeof(ICaseEvent).IsAssignableFrom(t))
        .OrderBy(t => t.Name)
        .ToArray();

    /// <summary>The project's JSON shape: web defaults plus <see cref="CasesModule.UseProgressionJson"/>.</summary>
    private static readonly JsonSerializerOptions ProgressionJson = CreateProgressionJson();

    private static readonly JsonSerializerOptions SchemaFile =
        new() { WriteIndented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Events => new(EventTypes.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Events))]
    public void Contract_matches_its_schema_file(string eventName)
    {
        var type = EventTypes.Single(t => t.Name == eventName);
        var path = Path.Combine(SchemaDirectory, FileName(type));
        var actual = Schema(type);
        if (WriteSchemas)
        {
            Directory.CreateDirectory(SchemaDirectory);
            File.WriteAllText(path, actual.ToJsonString(SchemaFile) + "\n");
            return;
        }

        Assert.True(File.Exists(path), $"{eventName} has no contract: schema/events/{FileName(type)} is missing. Generate it with {Regenerate}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), actual),
            $"The JSON shape of {eventName} no longer matches schema/events/{FileName(type)}. A breaking change needs a new " +
            $"version of the event (v2 type and an upcaster), not an edit of v1; if the change is deliberate and additive, " +
            $"regenerate the file with {Regenerate} and review the diff.");
    }

    [Fact]
    public void Every_v1_schema_file_belongs_to_an_event()
    {
        var known = EventTypes.Select(FileName).ToHashSet();
        var orphans = Directory.Exists(SchemaDirectory)
            ? Directory.EnumerateFiles(SchemaDirectory, "*.v1.json").Select(Path.GetFileName).Where(f => !known.Contains(f!)).ToList()
            : [];
        Assert.True(orphans.Count == 0,
            $"schema/events holds contracts of no event type: {string.Join(", ", orphans)}. Stored events never go away: " +
            "restore the type (a renamed event breaks reading its history), or delete the file if it was never released.");
    }

    [Fact]
    public void Every_event_says_when_it_happened() =>
        Assert.All(EventTypes, t => Assert.Equal(typeof(DateTimeOffset), t.GetProperty(nameof(ICaseEvent.HappenedAt))?.PropertyType));

    // LocalName (an intervention's) and Provider or MentorId (staff, organisations) are not about the citizen.
    [GeneratedRegex("^(cpr|cprNumber|citizenName|personName|firstName|lastName|fullName|email|phone|phoneNumber|address|birthDate|dateOfBirth)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex PersonalIdentifier();

    [Fact]
    public void No_event_carries_a_personal_identifier() =>
        Assert.All(EventTypes, t =>
            Assert.DoesNotContain(PropertyNames(Schema(t)), name => PersonalIdentifier().IsMatch(name)));

    /// <summary>The schema of an event in the project's JSON shape, with its id and title.</summary>
    private static JsonObject Schema(Type type)
    {
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(ProgressionJson, type).AsObject();
        schema.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.Insert(1, "$id", $"https://progression.local/schema/events/{FileName(type)}");
        schema.Insert(2, "title", $"{type.Name} v1");
        return schema;
    }

    /// <summary>Every property name in a schema, nested types included.</summary>
    private static IEnumerable<string> PropertyNames(JsonNode? node) => node switch
    {
        JsonObject obj => (obj["properties"] is JsonObject properties ? properties.Select(p => p.Key) : [])
            .Concat(obj.SelectMany(p => PropertyNames(p.Value))),
        JsonArray array => array.SelectMany(PropertyNames),
        _ => [],
    };

    private static JsonSerializerOptions CreateProgressionJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.UseProgressionJson();
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static string FileName(Type type) => $"{JsonNamingPolicy.KebabCaseLower.ConvertName(type.Name)}.v1.json";

    private static string SchemaDirectory => Path.Combine(RepoRoot(), "schema", "events");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Progression.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Progression.sln in {AppContext.BaseDirectory} or any folder above it");
    }
}
