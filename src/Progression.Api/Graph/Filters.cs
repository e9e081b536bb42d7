using GraphQL;
using GraphQL.Types;
using Progression.Domain.Cases;

namespace Progression.Api.Graph;

public sealed class CellInput
{
    public string Factor { get; set; } = "";
    public string Level { get; set; } = "";
}

/// <summary>Filters of the cases connection; all given ones must hold (and).</summary>
public sealed class CaseFilter
{
    public string? Municipality { get; set; }
    public string? TargetGroup { get; set; }
    public string? Status { get; set; }
    public string? RiskFactor { get; set; }
    public CellInput? BarrierCell { get; set; }
    public string? Intervention { get; set; }
    public string? Mentor { get; set; }
    public DateTimeOffset? OpenedFrom { get; set; }
    public DateTimeOffset? OpenedTo { get; set; }
    public DateTimeOffset? ClosedFrom { get; set; }
    public DateTimeOffset? ClosedTo { get; set; }

    public bool Matches(Case c) =>
        (TargetGroup is null || c.TargetGroup == TargetGroup)
        && (Status is null || Words.Of(c.Status) == Status)
        && (RiskFactor is null || c.HasRiskFactor(RiskFactor))
        && (BarrierCell is null || c.Barriers.Any(b => b.Factor == BarrierCell.Factor && b.Level == BarrierCell.Level))
        && (Intervention is null || c.Interventions.Any(i => (i.CatalogueIntervention ?? "local:" + i.LocalName) == Intervention))
        && (Mentor is null || c.Mentors.Contains(Mentor))
        && (OpenedFrom is null || c.OpenedAt >= OpenedFrom) && (OpenedTo is null || c.OpenedAt <= OpenedTo)
        && (ClosedFrom is null || c.ClosedAt >= ClosedFrom) && (ClosedTo is null || c.ClosedAt <= ClosedTo);
}

public enum SortDirection { Asc, Desc }

/// <summary>One ordering key per entry, applied in list order (Hot Chocolate style: order: [{ openedAt: DESC }]).</summary>
public sealed class CaseOrder
{
    public SortDirection? OpenedAt { get; set; }
    public SortDirection? ClosedAt { get; set; }
    public SortDirection? TargetGroup { get; set; }

    public static IReadOnlyList<Case> Sort(IEnumerable<Case> cases, IReadOnlyList<CaseOrder>? order)
    {
        // The id is always the last key, so the order (and every cursor) is total and stable.
        var keys = (order ?? []).SelectMany(o => new (SortDirection?, Func<Case, IComparable?>)[]
        {
            (o.OpenedAt, c => c.OpenedAt), (o.ClosedAt, c => c.ClosedAt), (o.TargetGroup, c => c.TargetGroup),
        }).Where(k => k.Item1 is not null).ToList();
        if (keys.Count == 0) keys.Add((SortDirection.Asc, c => c.OpenedAt));
        IOrderedEnumerable<Case> sorted = keys[0].Item1 == SortDirection.Desc
            ? cases.OrderByDescending(keys[0].Item2)
            : cases.OrderBy(keys[0].Item2);
        foreach (var (direction, key) in keys.Skip(1))
            sorted = direction == SortDirection.Desc ? sorted.ThenByDescending(key) : sorted.ThenBy(key);
        return [.. sorted.ThenBy(c => c.Id)];
    }
}

public sealed class CellInputType : AutoRegisteringInputObjectGraphType<CellInput>
{
    public CellInputType() => Name = "CellInput";
}

public sealed class CaseFilterType : AutoRegisteringInputObjectGraphType<CaseFilter>
{
    public CaseFilterType()
    {
        Name = "CaseFilter";
        Description = "All given filters must hold. status: open | closed; intervention: a catalogue id or local:<name>.";
    }
}

public sealed class CaseOrderType : AutoRegisteringInputObjectGraphType<CaseOrder>
{
    public CaseOrderType() => Name = "CaseOrder";
}
