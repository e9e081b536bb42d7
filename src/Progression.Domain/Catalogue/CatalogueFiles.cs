namespace Progression.Domain.Catalogue;

// The shapes of the files in schema/catalogue (see schema/catalogue/FORMAT.md). They are read as they are, then
// validated as a whole, then assembled into a Catalogue.

public sealed record CatalogueManifest(
    string Version,
    CatalogueSource Source,
    IReadOnlyList<GroupHeader> Groups,
    IReadOnlyList<Level> Levels,
    IReadOnlyList<EvidenceGradeInfo> EvidenceGrades,
    IReadOnlyList<CommonTrait> CommonTraits);

public sealed record GroupHeader(
    string Id, string LabelDa, string LabelEn, string DescriptionEn, string RisksTable, string BarriersTable, string InterventionsTable);

public sealed record RiskFactorsFile(string Group, string Source, IReadOnlyList<RiskCategory> Categories);

public sealed record BarriersFile(string Group, string Source, IReadOnlyList<Barrier> Barriers, IReadOnlyList<Footnote>? Footnotes = null);

public sealed record InterventionsFile(
    string Group, string Source, IReadOnlyList<Intervention> Interventions, IReadOnlyList<TableMarker>? Markers = null);

public sealed record ToolsFile(string Group, string Source, IReadOnlyList<Tool> Tools);

public sealed record InstrumentsFile(IReadOnlyList<Instrument> Instruments);

/// <summary>One fault in the catalogue: the file (relative to the catalogue folder), the JSON path, and the reason.</summary>
public sealed record CatalogueFault(string File, string Path, string Message)
{
    public override string ToString() => $"{File} {Path}: {Message}";
}

public sealed class CatalogueException(IReadOnlyList<CatalogueFault> faults)
    : Exception($"The catalogue is invalid ({faults.Count} fault(s)):{Environment.NewLine}"
                + string.Join(Environment.NewLine, faults.Select(f => "  " + f)))
{
    public IReadOnlyList<CatalogueFault> Faults { get; } = faults;
}
