using System.Text.Json;
using System.Text.Json.Serialization;

namespace Progression.Domain.Catalogue;

/// <summary>
/// Reads schema/catalogue, validates it as a whole and builds the typed <see cref="Catalogue"/>. Every fault found is
/// reported at once (file and JSON path), so a broken catalogue fails start-up with the full list rather than the first.
/// </summary>
public static class CatalogueLoader
{
    public const string ManifestFile = "catalogue.json";
    public const string InstrumentsFile = "instruments.json";
    public const string RiskFactorsFile = "risk-factors.json";
    public const string BarriersFile = "barriers.json";
    public const string InterventionsFile = "interventions.json";
    public const string ToolsFile = "tools.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A misspelt property or a missing required one is a fault, not silently a default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public static Catalogue Load(string directory)
    {
        var faults = new List<CatalogueFault>();
        var manifest = Read<CatalogueManifest>(directory, ManifestFile, faults)
                       ?? throw new CatalogueException(faults);

        var groups = manifest.Groups
            .Select(header => new GroupFiles(
                header,
                Read<RiskFactorsFile>(directory, $"{header.Id}/{RiskFactorsFile}", faults),
                Read<BarriersFile>(directory, $"{header.Id}/{BarriersFile}", faults),
                Read<InterventionsFile>(directory, $"{header.Id}/{InterventionsFile}", faults),
                Read<ToolsFile>(directory, $"{header.Id}/{ToolsFile}", faults)))
            .ToList();
        var instruments = Read<InstrumentsFile>(directory, InstrumentsFile, faults);
        if (faults.Count > 0) throw new CatalogueException(faults);

        faults.AddRange(CatalogueValidator.Validate(manifest, groups, instruments!));
        if (faults.Count > 0) throw new CatalogueException(faults);

        return new Catalogue(manifest, groups.Select(g => g.Assemble()).ToList(), instruments!.Instruments);
    }

    private static T? Read<T>(string directory, string file, List<CatalogueFault> faults) where T : class
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            faults.Add(new CatalogueFault(file, "$", $"file is missing (looked in {Path.GetFullPath(directory)})"));
            return null;
        }
        try
        {
            using var stream = File.OpenRead(path);
            var value = JsonSerializer.Deserialize<T>(stream, Json);
            if (value is null) faults.Add(new CatalogueFault(file, "$", "the file holds null"));
            return value;
        }
        catch (JsonException ex)
        {
            // STJ appends "Path: … | LineNumber: …" to its messages; we report the path in its own field.
            var reason = ex.Message.Split(" Path: ")[0].TrimEnd('.', ' ');
            var line = ex.LineNumber is { } n ? $" (line {n + 1})" : "";
            faults.Add(new CatalogueFault(file, ex.Path ?? "$", reason + line));
            return null;
        }
    }
}

/// <summary>The four files of one target group, as read.</summary>
public sealed record GroupFiles(
    GroupHeader Header,
    RiskFactorsFile? RiskFactors,
    BarriersFile? Barriers,
    InterventionsFile? Interventions,
    ToolsFile? Tools)
{
    public TargetGroup Assemble() => new(
        Header.Id, Header.LabelDa, Header.LabelEn, Header.DescriptionEn,
        Header.RisksTable, Header.BarriersTable, Header.InterventionsTable,
        RiskFactors!.Categories,
        Barriers!.Barriers,
        Barriers.Footnotes ?? [],
        Interventions!.Interventions,
        Interventions.Markers ?? [],
        Tools!.Tools);
}
