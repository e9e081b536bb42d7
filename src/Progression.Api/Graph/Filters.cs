using GraphQL.Types;

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
    public bool? Overdue { get; set; }
}

public enum SortDirection { Asc, Desc }

/// <summary>One ordering key per entry, applied in list order (Hot Chocolate style: order: [{ openedAt: DESC }]); the id last.</summary>
public sealed class CaseOrder
{
    public SortDirection? OpenedAt { get; set; }
    public SortDirection? ClosedAt { get; set; }
    public SortDirection? TargetGroup { get; set; }
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
        Description = "All given filters must hold. status: open | closed; intervention: a catalogue id or local:<name>; overdue: a follow-up fell due and waits.";
    }
}

public sealed class CaseOrderType : AutoRegisteringInputObjectGraphType<CaseOrder>
{
    public CaseOrderType() => Name = "CaseOrder";
}
