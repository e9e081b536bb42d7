using System.Text.Json.Serialization;

namespace Progression.Domain.Catalogue;

/// <summary>
/// The report's model, loaded from <c>schema/catalogue</c> and validated: target groups with their risk factors,
/// barriers (factor × level cells), interventions and tools, the four levels, and the progression instruments.
/// Immutable once loaded; lookups by id are what command validation uses.
/// </summary>
public sealed class Catalogue
{
    private readonly Dictionary<string, RiskFactor> _factors;
    private readonly Dictionary<string, Barrier> _barriers;
    private readonly Dictionary<string, Intervention> _interventions;
    private readonly Dictionary<string, Instrument> _instruments;

    public Catalogue(CatalogueManifest manifest, IReadOnlyList<TargetGroup> groups, IReadOnlyList<Instrument> instruments)
    {
        Version = manifest.Version;
        Source = manifest.Source;
        Levels = manifest.Levels;
        EvidenceGrades = manifest.EvidenceGrades;
        CommonTraits = manifest.CommonTraits;
        Groups = groups;
        Instruments = instruments;
        // The validator has rejected duplicate ids before a Catalogue is built, so these cannot collide.
        _factors = groups.SelectMany(g => g.RiskFactors).ToDictionary(f => f.Id);
        _barriers = groups.SelectMany(g => g.Barriers).ToDictionary(b => b.Id);
        _interventions = groups.SelectMany(g => g.Interventions).ToDictionary(i => i.Id);
        _instruments = instruments.ToDictionary(i => i.Id);
    }

    public string Version { get; }
    public CatalogueSource Source { get; }
    public IReadOnlyList<Level> Levels { get; }
    public IReadOnlyList<EvidenceGradeInfo> EvidenceGrades { get; }

    /// <summary>What many of the report's promising interventions share (chapter 7): what a programme is held against.</summary>
    public IReadOnlyList<CommonTrait> CommonTraits { get; }
    public IReadOnlyList<TargetGroup> Groups { get; }
    public IReadOnlyList<Instrument> Instruments { get; }

    public TargetGroup? FindGroup(string id) => Groups.FirstOrDefault(g => g.Id == id);
    public RiskFactor? FindRiskFactor(string id) => _factors.GetValueOrDefault(id);
    public Barrier? FindBarrier(string id) => _barriers.GetValueOrDefault(id);
    public Intervention? FindIntervention(string id) => _interventions.GetValueOrDefault(id);
    public Instrument? FindInstrument(string id) => _instruments.GetValueOrDefault(id);
    public bool IsLevel(string id) => Levels.Any(l => l.Id == id);

    /// <summary>The group a risk factor belongs to (ids are prefixed by their group, but the data decides).</summary>
    public string? GroupOfFactor(string factorId) =>
        Groups.FirstOrDefault(g => g.RiskFactors.Any(f => f.Id == factorId))?.Id;
}

public sealed record CatalogueSource(string TitleDa, string Publisher, int Year);

public sealed record Level(string Id, int Order, string LabelDa, string LabelEn, string DescriptionDa, string DescriptionEn);

public sealed record CommonTrait(string Id, string LabelDa, string LabelEn, string Source);

public sealed record EvidenceGradeInfo(string Id, string LabelDa, string LabelEn, string DescriptionDa, string DescriptionEn);

public static class EvidenceGrade
{
    public const string Evidence = "evidence";
    public const string PositiveIndication = "positive-indication";
}

/// <summary>A factor × level position in the matrix.</summary>
public sealed record Cell(string Factor, string Level);

public sealed record TargetGroup(
    string Id,
    string LabelDa,
    string LabelEn,
    string DescriptionEn,
    string RisksTable,
    string BarriersTable,
    string InterventionsTable,
    IReadOnlyList<RiskCategory> Categories,
    IReadOnlyList<Barrier> Barriers,
    IReadOnlyList<Footnote> Footnotes,
    IReadOnlyList<Intervention> Interventions,
    IReadOnlyList<TableMarker> Markers,
    IReadOnlyList<Tool> Tools)
{
    [JsonIgnore]
    public IEnumerable<RiskFactor> RiskFactors => Categories.SelectMany(c => c.Factors);
}

public sealed record RiskCategory(string Id, string LabelDa, string LabelEn, IReadOnlyList<RiskFactor> Factors);

public sealed record RiskFactor(string Id, string LabelDa, string LabelEn, bool InBarrierTable = true);

public sealed record Barrier(
    string Id, string Factor, string Level, string TextDa, string TextEn, IReadOnlyList<int>? Footnotes = null)
{
    [JsonIgnore]
    public Cell Cell => new(Factor, Level);
}

public sealed record Footnote(int Number, string TextDa);

public sealed record Intervention(
    string Id,
    int Number,
    string NameDa,
    string NameEn,
    string Section,
    string? AppendixSection,
    string Evidence,
    IReadOnlyList<Cell> Cells,
    string TargetGroupDa,
    string TargetGroupEn,
    string ResultDa,
    string ResultEn);

/// <summary>A special sign under an intervention table (other than *), the cells it stands in, what it points at.</summary>
public sealed record TableMarker(string Symbol, string TextDa, string TextEn, IReadOnlyList<Cell>? Cells = null, string? RefersTo = null);

public sealed record Tool(string Id, string Section, string NameDa, string NameEn, string Evidence, string SummaryDa, string SummaryEn);

/// <summary>A progression instrument: a set of dimensions each scored on one scale.</summary>
public sealed record Instrument(
    string Id,
    int Version,
    string NameDa,
    string NameEn,
    string Source,
    string? Group,
    int FollowUpIntervalDays,
    Scale Scale,
    IReadOnlyList<Dimension> Dimensions);

public sealed record Scale(int Min, int Max, string? LowDa = null, string? HighDa = null, string? LowEn = null, string? HighEn = null)
{
    public bool Contains(decimal score) => score >= Min && score <= Max;
}

public sealed record Dimension(string Id, string LabelDa, string LabelEn);
