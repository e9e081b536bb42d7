using Progression.Domain.Cases;
using Progression.Domain.Catalogue;

namespace Progression.Domain.Guidance;

/// <summary>
/// A proposed programme's theory of change, as the report's chapter 7 proposes to read it: whom it is for (target group,
/// risk factors), which factor × level cells its means address, which of the report's interventions and tools it
/// builds on, and which of the common traits of promising interventions it has.
/// </summary>
public sealed record Programme(
    string Name,
    string TargetGroup,
    IReadOnlyList<string> RiskFactors,
    IReadOnlyList<MatrixCell> Cells,
    IReadOnlyList<string>? Interventions = null,
    IReadOnlyList<string>? Tools = null,
    IReadOnlyList<string>? Traits = null);

/// <summary>
/// The programme held against the matrix (chapter 7): the cells of its risk factors it leaves unaddressed and the
/// report's barriers there; for each cell it addresses, how the report's interventions go at the same cell; the common
/// traits it lacks; and, where live figures are given, the demand in both kinds of cell.
/// </summary>
public static class ProgrammeCheck
{
    public const int MaxNameLength = 200;

    /// <summary>Every fault of the programme, by field path (riskFactors[1], cells[0].level), with the reason.</summary>
    public static IReadOnlyDictionary<string, string> Faults(Programme programme, Catalogue.Catalogue catalogue)
    {
        var faults = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(programme.Name)) faults["name"] = "is required";
        else if (programme.Name.Length > MaxNameLength) faults["name"] = $"is longer than {MaxNameLength} characters";
        if (catalogue.FindGroup(programme.TargetGroup) is not { } group)
        {
            faults["targetGroup"] = $"'{programme.TargetGroup}' is not a target group ({string.Join(", ", catalogue.Groups.Select(g => g.Id))})";
            return faults;
        }
        var factors = group.RiskFactors.Select(f => f.Id).ToHashSet();
        if (programme.RiskFactors.Count == 0) faults["riskFactors"] = "name at least one risk factor the programme targets";
        foreach (var (factor, i) in programme.RiskFactors.Select((f, i) => (f, i)))
            if (!factors.Contains(factor)) faults[$"riskFactors[{i}]"] = $"'{factor}' is not a risk factor of group '{group.Id}'";
        foreach (var (cell, i) in programme.Cells.Select((c, i) => (c, i)))
        {
            if (!programme.RiskFactors.Contains(cell.Factor)) faults[$"cells[{i}].factor"] = $"'{cell.Factor}' is not one of the programme's risk factors";
            if (!catalogue.IsLevel(cell.Level)) faults[$"cells[{i}].level"] = $"'{cell.Level}' is not a level";
        }
        foreach (var (id, i) in (programme.Interventions ?? []).Select((x, i) => (x, i)))
            if (group.Interventions.All(x => x.Id != id)) faults[$"interventions[{i}]"] = $"'{id}' is not an intervention of group '{group.Id}'";
        foreach (var (id, i) in (programme.Tools ?? []).Select((x, i) => (x, i)))
            if (group.Tools.All(x => x.Id != id)) faults[$"tools[{i}]"] = $"'{id}' is not a tool of group '{group.Id}'";
        foreach (var (id, i) in (programme.Traits ?? []).Select((x, i) => (x, i)))
            if (catalogue.CommonTraits.All(x => x.Id != id)) faults[$"traits[{i}]"] = $"'{id}' is not a common trait ({string.Join(", ", catalogue.CommonTraits.Select(t => t.Id))})";
        return faults;
    }

    /// <summary>
    /// The cells the programme addresses: those its means address, and those of the report's interventions it builds
    /// on, within its risk factors. Assumes <see cref="Faults"/> found none.
    /// </summary>
    public static ProgrammeAssessment Assess(Programme programme, Catalogue.Catalogue catalogue, Func<IReadOnlyList<Cell>, IReadOnlyList<Cell>, ProgrammeDemand>? demand = null)
    {
        var group = catalogue.FindGroup(programme.TargetGroup)!;
        var levels = catalogue.Levels.OrderBy(l => l.Order).Select(l => l.Id).ToList();
        var factors = group.RiskFactors.Where(f => programme.RiskFactors.Contains(f.Id)).Select(f => f.Id).ToList();
        var builtOn = group.Interventions.Where(i => programme.Interventions?.Contains(i.Id) == true).ToList();
        var addressed = programme.Cells.Select(c => new Cell(c.Factor, c.Level))
            .Concat(builtOn.SelectMany(i => i.Cells))
            .Where(c => factors.Contains(c.Factor)).ToHashSet();
        var cells = (from factor in factors from level in levels select new Cell(factor, level)).ToList();
        var (covered, uncovered) = (cells.Where(addressed.Contains).ToList(), cells.Where(c => !addressed.Contains(c)).ToList());

        return new ProgrammeAssessment(
            programme.Name, programme.TargetGroup,
            [.. uncovered.Select(c => new UnaddressedCell(c.Factor, c.Level,
                [.. group.Barriers.Where(b => b.Cell == c).Select(b => new CellBarrier(b.Id, b.TextDa, b.TextEn))]))],
            [.. covered.Select(c => new AddressedCell(c.Factor, c.Level,
                [.. group.Interventions.Where(i => i.Cells.Contains(c))
                    .OrderBy(i => i.Evidence == EvidenceGrade.Evidence ? 0 : 1).ThenBy(i => i.Number)
                    .Select(i => new CellIntervention(i.Id, i.NameDa, i.NameEn, i.Evidence, i.ResultDa, i.ResultEn, builtOn.Contains(i)))]))],
            [.. catalogue.CommonTraits.Where(t => programme.Traits?.Contains(t.Id) != true)],
            demand?.Invoke(covered, uncovered));
    }
}

public sealed record ProgrammeAssessment(
    string Name,
    string TargetGroup,
    IReadOnlyList<UnaddressedCell> Unaddressed,
    IReadOnlyList<AddressedCell> Addressed,
    IReadOnlyList<CommonTrait> Traits,
    ProgrammeDemand? Demand);

public sealed record UnaddressedCell(string Factor, string Level, IReadOnlyList<CellBarrier> Barriers);

public sealed record CellBarrier(string Id, string TextDa, string TextEn);

/// <summary>How the report's interventions go at a cell the programme addresses; BuiltOn: the programme names it.</summary>
public sealed record AddressedCell(string Factor, string Level, IReadOnlyList<CellIntervention> Interventions);

public sealed record CellIntervention(
    string Intervention, string NameDa, string NameEn, string Evidence, string ResultDa, string ResultEn, bool BuiltOn);

/// <summary>
/// Open cases with a blind spot in each cell (a case with blind spots in several cells counts in each), in the cells the
/// programme addresses and in those it leaves; null where a count is too small to show.
/// </summary>
public sealed record ProgrammeDemand(IReadOnlyList<CellDemand> ProgrammeCells, IReadOnlyList<CellDemand> UnaddressedCells)
{
    /// <summary>Municipalities left out of the counts because their database did not answer (none, normally).</summary>
    public IReadOnlyList<string> MissingMunicipalities { get; init; } = [];
}

public sealed record CellDemand(string Factor, string Level, int? Cases);
