using System.Text.Json.Serialization;

namespace Progression.Domain.Cases;

// A case's pathway as facts, version 1 of each contract (documented in schema/events/). Every event says when it
// happened (HappenedAt: may lie in the past, a late registration); when it was recorded, by whom and under which
// correlation id are Marten's event metadata. No event carries a personal identifier of the citizen: the case knows
// the citizen only by a pseudonymous reference.

public interface ICaseEvent
{
    DateTimeOffset HappenedAt { get; }
}

/// <summary>An event that brings a new part of the case into being; its id is what the command answers with.</summary>
public interface ICreatesCasePart : ICaseEvent
{
    Guid PartId { get; }
}

public enum ServiceArea { Social, Employment, Health, Education }

public enum OutcomeKind { OrdinaryJob, SubsidisedJob, FlexJob, EducationStarted, Other }

public enum FollowUpKind { Measurement, Retention }

public sealed record CaseOpened(
    Guid CaseId,
    string CitizenReference,
    string TargetGroup,
    string Municipality,
    IReadOnlyList<ServiceArea> Services,
    DateTimeOffset HappenedAt) : ICaseEvent;

public sealed record RiskFactorRegistered(string Factor, DateTimeOffset HappenedAt, string? Note = null) : ICaseEvent;

public sealed record RiskFactorCleared(string Factor, DateTimeOffset HappenedAt, string? Note = null) : ICaseEvent;

/// <summary>A barrier in a factor × level cell: one of the catalogue's, or described locally.</summary>
public sealed record BarrierIdentified(
    Guid BarrierId,
    string Factor,
    string Level,
    string? CatalogueBarrier,
    string? Description,
    ServiceArea ServiceArea,
    DateTimeOffset HappenedAt) : ICreatesCasePart
{
    [JsonIgnore]
    public Guid PartId => BarrierId;
}

public sealed record BarrierResolved(Guid BarrierId, DateTimeOffset HappenedAt, string? Note = null) : ICaseEvent;

public sealed record MentorAssigned(string MentorId, DateTimeOffset HappenedAt) : ICaseEvent;

public sealed record MentorUnassigned(string MentorId, DateTimeOffset HappenedAt) : ICaseEvent;

/// <summary>
/// An intervention started: a catalogue intervention (its cells copied from the catalogue, so the history keeps the
/// placement it was started under) or a local one placed in cells by the municipality. Marker: the report's table sign
/// (# or ¤) through which an intervention of the other target group was started; its cells are then the marker's.
/// </summary>
public sealed record InterventionStarted(
    Guid InterventionId,
    string? CatalogueIntervention,
    string? LocalName,
    IReadOnlyList<MatrixCell> Cells,
    IReadOnlyList<Guid> Barriers,
    ServiceArea ServiceArea,
    string Provider,
    DateTimeOffset HappenedAt,
    string? Marker = null) : ICreatesCasePart
{
    [JsonIgnore]
    public Guid PartId => InterventionId;
}

public sealed record MatrixCell(string Factor, string Level);

public sealed record InterventionCompleted(Guid InterventionId, DateTimeOffset HappenedAt, string? Note = null) : ICaseEvent;

public sealed record InterventionDroppedOut(Guid InterventionId, string Reason, DateTimeOffset HappenedAt) : ICaseEvent;

public sealed record ProgressionMeasured(
    Guid MeasurementId,
    string Instrument,
    int InstrumentVersion,
    IReadOnlyDictionary<string, decimal> Scores,
    string MeasuredBy,
    DateTimeOffset HappenedAt) : ICreatesCasePart
{
    [JsonIgnore]
    public Guid PartId => MeasurementId;
}

public sealed record OutcomeReached(Guid OutcomeId, OutcomeKind Kind, DateTimeOffset HappenedAt, string? Note = null) : ICreatesCasePart
{
    [JsonIgnore]
    public Guid PartId => OutcomeId;
}

/// <summary>A retention check found the citizen still in the job or education, at 3, 6 or 12 months.</summary>
public sealed record OutcomeRetained(Guid OutcomeId, int CheckpointMonths, DateTimeOffset HappenedAt) : ICaseEvent;

public sealed record OutcomeLost(Guid OutcomeId, DateTimeOffset HappenedAt, string? Reason = null) : ICaseEvent;

/// <summary>
/// A scheduled follow-up fell due: the next progression measurement of an instrument, or a retention check of an
/// outcome. Recording the measurement or the retention result settles it.
/// </summary>
public sealed record FollowUpDue(
    FollowUpKind Kind,
    DateTimeOffset HappenedAt,
    string? Instrument = null,
    Guid? OutcomeId = null,
    int? CheckpointMonths = null) : ICaseEvent;

public sealed record CaseClosed(string Reason, DateTimeOffset HappenedAt) : ICaseEvent;

public sealed record CaseReopened(DateTimeOffset HappenedAt, string? Reason = null) : ICaseEvent;
