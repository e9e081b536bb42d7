using System.ComponentModel;
using System.Reflection;
using GraphQL.Types;
using Progression.Api.ReadModels;
using Progression.Domain.Analytics;
using CatalogueModel = Progression.Domain.Catalogue;

namespace Progression.Api.Graph;

/// <summary>An output type made from a record's properties (not its methods).</summary>
public class RecordGraphType<T> : AutoRegisteringObjectGraphType<T>
{
    protected override IEnumerable<MemberInfo> GetRegisteredMembers() => base.GetRegisteredMembers().Where(m => m is PropertyInfo);
}

public sealed record CatalogueView(
    string Version,
    IReadOnlyList<CatalogueModel.TargetGroup> Groups,
    IReadOnlyList<CatalogueModel.Level> Levels,
    IReadOnlyList<CatalogueModel.EvidenceGradeInfo> EvidenceGrades,
    IReadOnlyList<CatalogueModel.Instrument> Instruments,
    IReadOnlyList<CatalogueModel.CommonTrait> CommonTraits)
{
    public static CatalogueView Of(CatalogueModel.Catalogue c) => new(c.Version, c.Groups, c.Levels, c.EvidenceGrades, c.Instruments, c.CommonTraits);
}

public sealed class CatalogueViewType : RecordGraphType<CatalogueView> { public CatalogueViewType() => Name = "Catalogue"; }
public sealed class TargetGroupType : RecordGraphType<CatalogueModel.TargetGroup> { }
public sealed class RiskCategoryType : RecordGraphType<CatalogueModel.RiskCategory> { }
public sealed class RiskFactorType : RecordGraphType<CatalogueModel.RiskFactor> { }
public sealed class BarrierType : RecordGraphType<CatalogueModel.Barrier> { public BarrierType() => Name = "CatalogueBarrier"; }
public sealed class FootnoteType : RecordGraphType<CatalogueModel.Footnote> { }
public sealed class InterventionType : RecordGraphType<CatalogueModel.Intervention> { public InterventionType() => Name = "CatalogueIntervention"; }
public sealed class CellType : RecordGraphType<CatalogueModel.Cell> { }
public sealed class TableMarkerType : RecordGraphType<CatalogueModel.TableMarker> { }
public sealed class ToolType : RecordGraphType<CatalogueModel.Tool> { }
public sealed class LevelType : RecordGraphType<CatalogueModel.Level> { }
public sealed class EvidenceGradeType : RecordGraphType<CatalogueModel.EvidenceGradeInfo> { public EvidenceGradeType() => Name = "EvidenceGrade"; }
public sealed class InstrumentType : RecordGraphType<CatalogueModel.Instrument> { }
public sealed class ScaleType : RecordGraphType<CatalogueModel.Scale> { }
public sealed class DimensionType : RecordGraphType<CatalogueModel.Dimension> { }

public sealed class CaseNodeBarrierType : RecordGraphType<CaseNodeBarrier> { public CaseNodeBarrierType() => Name = "CaseBarrier"; }
public sealed class CaseNodeInterventionType : RecordGraphType<CaseNodeIntervention> { public CaseNodeInterventionType() => Name = "CaseIntervention"; }
public sealed class CaseNodeOutcomeType : RecordGraphType<CaseNodeOutcome> { public CaseNodeOutcomeType() => Name = "CaseOutcome"; }
public sealed class CaseNodeScoreType : RecordGraphType<CaseNodeScore> { public CaseNodeScoreType() => Name = "CaseScore"; }

/// <summary>How far the evaluation read model has caught up with the event store, and whether a fault stopped it.</summary>
public sealed record Freshness(
    long HighWaterMark, long ProjectedThrough, long Behind, DateTimeOffset CheckedAt,
    [property: Description("What the daemon last recorded for the projection.")] ProjectionRunState State,
    [property: Description("True when an event the projection could not read or apply stopped it: the aggregates miss every event after projectedThrough until an operator fixes it.")]
    bool Stopped,
    [property: Description("Why it stopped: EventSerialization, ApplyEvent, UnknownEventType, ProgressionOutOfOrder or Other.")]
    string? Failure)
{
    public static Freshness Of(ProjectionState projection, DateTimeOffset now) => new(
        projection.HighWaterMark, projection.ProjectedThrough, projection.Behind, now,
        projection.State, projection.Faulted, projection.Failure);
}

public sealed class FreshnessType : RecordGraphType<Freshness> { }
