using System.Text.Json.Nodes;
using Progression.Domain.Catalogue;

namespace Progression.Tests.Catalogue;

/// <summary>Every kind of fault in schema/catalogue stops the load and is reported with its file and JSON path.</summary>
public class CatalogueLoaderTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "catalogue");

    public static TheoryData<string, string, Action<JsonNode>, string, string> Faults => new()
    {
        {
            "an intervention placed in a cell of a factor that does not exist", "adult/interventions.json",
            n => n["interventions"]![0]!["cells"]![0]!["factor"] = "adult.no-such-factor",
            "$.interventions[0].cells[0].factor", "unknown risk factor 'adult.no-such-factor'"
        },
        {
            "an intervention placed on the other group's factor", "youth/interventions.json",
            n => n["interventions"]![1]!["cells"]![0]!["factor"] = FirstFactor("adult"),
            "$.interventions[1].cells[0].factor", "belongs to group 'adult', not 'youth'"
        },
        {
            "an unknown level", "adult/barriers.json",
            n => n["barriers"]![0]!["level"] = "planetary",
            "$.barriers[0].level", "unknown level 'planetary'"
        },
        {
            "a barrier id that does not name its cell", "youth/barriers.json",
            n => n["barriers"]![2]!["id"] = "youth.somewhere-else.1",
            "$.barriers[2].id", "must start with its cell"
        },
        {
            "a duplicate id across files", "youth/risk-factors.json",
            n => n["categories"]![0]!["factors"]![0]!["id"] = FirstFactor("adult"),
            "$.categories[0].factors[0].id", "duplicate id"
        },
        {
            "an id that is not a slug", "adult/tools.json",
            n => n["tools"]![0]!["id"] = "Adult Mentor",
            "$.tools[0].id", "is not a slug"
        },
        {
            "an unknown evidence grade", "adult/interventions.json",
            n => n["interventions"]![3]!["evidence"] = "anecdote",
            "$.interventions[3].evidence", "unknown evidence grade 'anecdote'"
        },
        {
            "a duplicate intervention number", "youth/interventions.json",
            n => n["interventions"]![1]!["number"] = n["interventions"]![0]!["number"]!.GetValue<int>(),
            "$.interventions[1].number", "is not a new positive table number"
        },
        {
            "a marker pointing at an unknown intervention", "adult/interventions.json",
            n => n["markers"]![0]!["refersTo"] = "youth.not-in-the-report",
            "$.markers[0].refersTo", "unknown intervention 'youth.not-in-the-report'"
        },
        {
            "a footnote reference with no footnote", "adult/barriers.json",
            n => n["barriers"]![0]!["footnotes"] = new JsonArray(99999),
            "$.barriers[0].footnotes[0]", "footnote 99999 is not listed"
        },
        {
            "a file declaring another group", "youth/tools.json",
            n => n["group"] = "adult",
            "$.group", "declares group 'adult'"
        },
        {
            "an instrument whose scale is upside down", "instruments.json",
            n => n["instruments"]![0]!["scale"]!["min"] = 100,
            "$.instruments[0].scale", "must be below maximum"
        },
        {
            "an instrument with a repeated dimension", "instruments.json",
            n => n["instruments"]![0]!["dimensions"]![1]!["id"] = n["instruments"]![0]!["dimensions"]![0]!["id"]!.GetValue<string>(),
            "$.instruments[0].dimensions[1].id", "duplicate dimension id"
        },
        {
            "a misspelt property", "adult/risk-factors.json",
            n => n["categories"]![0]!["factors"]![0]!["lableEn"] = "typo",
            "$.categories[0].factors[0].lableEn", "could not be mapped"
        },
        {
            "a missing required property", "youth/risk-factors.json",
            n => n["categories"]![0]!["factors"]![0]!.AsObject().Remove("labelDa"),
            "$.categories[0].factors[0]", "missing required properties"
        },
        {
            "an empty text", "adult/risk-factors.json",
            n => n["categories"]![1]!["labelDa"] = " ",
            "$.categories[1].labelDa", "must not be empty"
        },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_fault_is_reported_with_its_file_and_path(
        string fault, string file, Action<JsonNode> edit, string path, string reason)
    {
        using var copy = new CatalogueCopy();
        copy.Edit(file, edit);

        var faults = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(copy.Folder)).Faults;

        Assert.True(faults.Any(f => f.File == file && f.Path == path && f.Message.Contains(reason, StringComparison.Ordinal)),
            $"{fault}: expected '{file} {path}: …{reason}…', got:\n{string.Join("\n", faults)}");
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        using var copy = new CatalogueCopy();
        File.Delete(Path.Combine(copy.Folder, "youth", "tools.json"));

        var fault = Assert.Single(Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(copy.Folder)).Faults);

        Assert.Equal(("youth/tools.json", "$"), (fault.File, fault.Path));
        Assert.Contains("file is missing", fault.Message);
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_line()
    {
        using var copy = new CatalogueCopy();
        var path = Path.Combine(copy.Folder, "adult", "barriers.json");
        File.WriteAllText(path, "{\n  \"group\": \"adult\",\n  \"source\": oops\n}");

        var fault = Assert.Single(Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(copy.Folder)).Faults);

        Assert.Equal("adult/barriers.json", fault.File);
        Assert.Contains("(line 3)", fault.Message);
    }

    [Fact]
    public void Every_fault_is_reported_at_once()
    {
        using var copy = new CatalogueCopy();
        copy.Edit("adult/interventions.json", n => n["interventions"]![0]!["cells"]![0]!["level"] = "nowhere");
        copy.Edit("youth/tools.json", n => n["tools"]![0]!["evidence"] = "rumour");

        var faults = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(copy.Folder)).Faults;

        Assert.Equal(2, faults.Count);
        Assert.Contains(faults, f => f.File == "adult/interventions.json");
        Assert.Contains(faults, f => f.File == "youth/tools.json");
    }

    [Fact]
    public void The_shipped_catalogue_loads_without_faults()
    {
        var catalogue = CatalogueLoader.Load(Shipped);
        Assert.Equal(["adult", "youth"], catalogue.Groups.Select(g => g.Id));
    }

    private static string FirstFactor(string group) =>
        CatalogueLoader.Load(Shipped).FindGroup(group)!.RiskFactors.First().Id;

    /// <summary>A private copy of the shipped catalogue to break on purpose.</summary>
    private sealed class CatalogueCopy : IDisposable
    {
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"catalogue-{Guid.NewGuid():N}");

        public CatalogueCopy()
        {
            foreach (var file in Directory.GetFiles(Shipped, "*.json", SearchOption.AllDirectories))
            {
                var target = Path.Combine(Folder, Path.GetRelativePath(Shipped, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public void Edit(string file, Action<JsonNode> edit)
        {
            var path = Path.Combine(Folder, file);
            var node = JsonNode.Parse(File.ReadAllText(path))!;
            edit(node);
            File.WriteAllText(path, node.ToJsonString());
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
