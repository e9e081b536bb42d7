using Progression.Domain.Catalogue;

namespace Progression.Domain.Cases;

/// <summary>
/// A case mapped onto the report's matrix: one row per risk factor in play (registered, or holding barriers or
/// interventions), one cell per level, each with its barriers and the interventions working there; and the blind
/// spots, the open barriers no active intervention addresses.
/// </summary>
public sealed record CaseMatrix(
    Guid CaseId,
    long Version,
    string TargetGroup,
    IReadOnlyList<string> Levels,
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyList<MatrixBarrier> BlindSpots)
{
    public static CaseMatrix Of(Case current, Catalogue.Catalogue catalogue)
    {
        var levels = catalogue.Levels.OrderBy(l => l.Order).Select(l => l.Id).ToList();
        var active = current.Interventions.Where(i => i.Status == InterventionStatus.Active).ToList();
        var rows = catalogue.FindGroup(current.TargetGroup)!.RiskFactors
            .Where(f => current.RiskFactors.Any(r => r.Factor == f.Id)
                        || current.Barriers.Any(b => b.Factor == f.Id)
                        || active.Any(i => i.Cells.Any(c => c.Factor == f.Id)))
            .Select(f => new MatrixRow(f.Id, f.LabelDa, f.LabelEn, current.HasRiskFactor(f.Id),
                levels.Select(level => Cell(current, catalogue, active, f.Id, level)).ToList()))
            .ToList();
        var blindSpots = current.BlindSpots.Select(b => Barrier(current, catalogue, b)).ToList();
        return new CaseMatrix(current.Id, current.Version, current.TargetGroup, levels, rows, blindSpots);
    }

    private static MatrixCellView Cell(Case current, Catalogue.Catalogue catalogue, List<CaseIntervention> active, string factor, string level)
    {
        var barriers = current.Barriers.Where(b => b.Factor == factor && b.Level == level).ToList();
        var working = active
            .Where(i => i.Cells.Contains(new MatrixCell(factor, level)) || i.Barriers.Any(id => barriers.Any(b => b.Id == id)))
            .Select(i => new MatrixIntervention(i.Id, InterventionName(i, catalogue), i.Cells.Contains(new MatrixCell(factor, level))))
            .ToList();
        var views = barriers.Select(b => Barrier(current, catalogue, b)).ToList();
        return new MatrixCellView(level, views, working, views.Count(b => b.BlindSpot));
    }

    private static MatrixBarrier Barrier(Case current, Catalogue.Catalogue catalogue, CaseBarrier b)
    {
        var addressedBy = current.Interventions
            .Where(i => i.Status == InterventionStatus.Active && i.Barriers.Contains(b.Id))
            .Select(i => i.Id)
            .ToList();
        var text = b.Description ?? (b.CatalogueBarrier is { } id ? catalogue.FindBarrier(id)?.TextDa : null) ?? "";
        return new MatrixBarrier(b.Id, b.Factor, b.Level, b.CatalogueBarrier, text, b.IsOpen, addressedBy, b.IsOpen && addressedBy.Count == 0);
    }

    public static string InterventionName(CaseIntervention i, Catalogue.Catalogue catalogue) =>
        i.LocalName ?? (i.CatalogueIntervention is { } id ? catalogue.FindIntervention(id)?.NameDa : null) ?? "";
}

public sealed record MatrixRow(string Factor, string LabelDa, string LabelEn, bool Registered, IReadOnlyList<MatrixCellView> Cells);

public sealed record MatrixCellView(string Level, IReadOnlyList<MatrixBarrier> Barriers, IReadOnlyList<MatrixIntervention> Interventions, int BlindSpots);

public sealed record MatrixBarrier(
    Guid Id, string Factor, string Level, string? CatalogueBarrier, string Text, bool Open, IReadOnlyList<Guid> AddressedBy, bool BlindSpot);

/// <summary>An active intervention working in a cell: placed there (CoversCell) or addressing a barrier there.</summary>
public sealed record MatrixIntervention(Guid Id, string Name, bool CoversCell);
