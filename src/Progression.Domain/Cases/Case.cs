namespace Progression.Domain.Cases;

public enum CaseStatus { Open, Closed }

public static class Erasure
{
    /// <summary>What stands where erased text stood.</summary>
    public const string Mask = "[erased]";
}

public enum InterventionStatus { Active, Completed, DroppedOut }

public enum OutcomeStatus { Reached, Lost }

/// <summary>
/// A case as its events made it: the state commands decide against, and the case view coordinators and mentors read.
/// Built only by <see cref="Evolve"/> (one event at a time, returning a new value: never mutated in place), so the same
/// code serves the inline projection, time travel (as of a date or version) and the pure decision tests.
/// </summary>
public sealed record Case
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public string CitizenReference { get; init; } = "";
    public string TargetGroup { get; init; } = "";
    public string Municipality { get; init; } = "";
    public IReadOnlyList<ServiceArea> Services { get; init; } = [];
    public CaseStatus Status { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedReason { get; init; }
    public IReadOnlyList<CaseRiskFactor> RiskFactors { get; init; } = [];
    public IReadOnlyList<CaseBarrier> Barriers { get; init; } = [];
    public IReadOnlyList<CaseIntervention> Interventions { get; init; } = [];
    public IReadOnlyList<string> Mentors { get; init; } = [];
    public IReadOnlyList<CaseMeasurement> LatestMeasurements { get; init; } = [];
    public IReadOnlyList<CaseOutcome> Outcomes { get; init; } = [];
    public IReadOnlyList<DueFollowUp> DueFollowUps { get; init; } = [];

    public bool IsOpen => Status == CaseStatus.Open;

    /// <summary>The citizen was erased: the case keeps its anonymous course and takes no more free text.</summary>
    public bool IsErased => CitizenReference == Erasure.Mask;
    public bool HasRiskFactor(string factor) => RiskFactors.Any(f => f.Factor == factor && f.ClearedAt is null);
    public CaseBarrier? Barrier(Guid id) => Barriers.FirstOrDefault(b => b.Id == id);
    public CaseIntervention? Intervention(Guid id) => Interventions.FirstOrDefault(i => i.Id == id);
    public CaseOutcome? Outcome(Guid id) => Outcomes.FirstOrDefault(o => o.Id == id);
    public CaseMeasurement? LatestMeasurement(string instrument) => LatestMeasurements.FirstOrDefault(m => m.Instrument == instrument);

    /// <summary>Open barriers that no active intervention addresses: what this case still lacks.</summary>
    public IEnumerable<CaseBarrier> BlindSpots => Barriers.Where(b => b.IsOpen && !IsAddressed(b.Id));

    public bool IsAddressed(Guid barrierId) =>
        Interventions.Any(i => i.Status == InterventionStatus.Active && i.Barriers.Contains(barrierId));

    public static Case Open(Guid id, CaseOpened e) => new()
    {
        Id = id,
        CitizenReference = e.CitizenReference,
        TargetGroup = e.TargetGroup,
        Municipality = e.Municipality,
        Services = e.Services,
        Status = CaseStatus.Open,
        OpenedAt = e.HappenedAt,
    };

    public Case Evolve(object e) => e switch
    {
        RiskFactorRegistered x => this with
        {
            RiskFactors = [.. RiskFactors.Where(f => f.Factor != x.Factor), new CaseRiskFactor(x.Factor, x.HappenedAt, null)],
        },
        RiskFactorCleared x => this with
        {
            RiskFactors = Replace(RiskFactors, f => f.Factor == x.Factor, f => f with { ClearedAt = x.HappenedAt }),
        },
        BarrierIdentified x => this with
        {
            Barriers = [.. Barriers, new CaseBarrier(x.BarrierId, x.Factor, x.Level, x.CatalogueBarrier, x.Description, x.ServiceArea, x.HappenedAt, null)],
        },
        BarrierResolved x => this with
        {
            Barriers = Replace(Barriers, b => b.Id == x.BarrierId, b => b with { ResolvedAt = x.HappenedAt }),
        },
        MentorAssigned x => this with { Mentors = [.. Mentors.Where(m => m != x.MentorId), x.MentorId] },
        MentorUnassigned x => this with { Mentors = [.. Mentors.Where(m => m != x.MentorId)] },
        InterventionStarted x => this with
        {
            Interventions =
            [
                .. Interventions,
                new CaseIntervention(x.InterventionId, x.CatalogueIntervention, x.LocalName, x.Cells, x.Barriers,
                    x.ServiceArea, x.Provider, InterventionStatus.Active, x.HappenedAt, null, null, x.Marker),
            ],
        },
        InterventionCompleted x => this with
        {
            Interventions = Replace(Interventions, i => i.Id == x.InterventionId,
                i => i with { Status = InterventionStatus.Completed, EndedAt = x.HappenedAt }),
        },
        InterventionDroppedOut x => this with
        {
            Interventions = Replace(Interventions, i => i.Id == x.InterventionId,
                i => i with { Status = InterventionStatus.DroppedOut, EndedAt = x.HappenedAt, DropOutReason = x.Reason }),
        },
        // A late registration of an older measurement stays in the history but is not the latest.
        ProgressionMeasured x when LatestMeasurement(x.Instrument) is { } latest && latest.MeasuredAt > x.HappenedAt => this,
        ProgressionMeasured x => this with
        {
            LatestMeasurements =
            [
                .. LatestMeasurements.Where(m => m.Instrument != x.Instrument),
                new CaseMeasurement(x.MeasurementId, x.Instrument, x.InstrumentVersion, x.Scores, x.MeasuredBy, x.HappenedAt),
            ],
            DueFollowUps = [.. DueFollowUps.Where(f => !(f.Kind == FollowUpKind.Measurement && f.Instrument == x.Instrument))],
        },
        OutcomeReached x => this with
        {
            Outcomes = [.. Outcomes, new CaseOutcome(x.OutcomeId, x.Kind, OutcomeStatus.Reached, x.HappenedAt, [], null)],
        },
        OutcomeRetained x => this with
        {
            Outcomes = Replace(Outcomes, o => o.Id == x.OutcomeId,
                o => o with { RetainedAtMonths = [.. o.RetainedAtMonths.Where(m => m != x.CheckpointMonths), x.CheckpointMonths] }),
            DueFollowUps = [.. DueFollowUps.Where(f => !(f.OutcomeId == x.OutcomeId && f.CheckpointMonths == x.CheckpointMonths))],
        },
        OutcomeLost x => this with
        {
            Outcomes = Replace(Outcomes, o => o.Id == x.OutcomeId, o => o with { Status = OutcomeStatus.Lost, LostAt = x.HappenedAt }),
            DueFollowUps = [.. DueFollowUps.Where(f => f.OutcomeId != x.OutcomeId)],
        },
        FollowUpDue x => this with
        {
            DueFollowUps =
            [
                .. DueFollowUps.Where(f => !f.SameAs(x)),
                new DueFollowUp(x.Kind, x.HappenedAt, x.Instrument, x.OutcomeId, x.CheckpointMonths),
            ],
        },
        CaseClosed x => this with { Status = CaseStatus.Closed, ClosedAt = x.HappenedAt, ClosedReason = x.Reason },
        CaseReopened => this with { Status = CaseStatus.Open, ClosedAt = null, ClosedReason = null },
        _ => this,
    };

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, Func<T, bool> match, Func<T, T> change) =>
        [.. items.Select(item => match(item) ? change(item) : item)];
}

public sealed record CaseRiskFactor(string Factor, DateTimeOffset RegisteredAt, DateTimeOffset? ClearedAt);

public sealed record CaseBarrier(
    Guid Id,
    string Factor,
    string Level,
    string? CatalogueBarrier,
    string? Description,
    ServiceArea ServiceArea,
    DateTimeOffset IdentifiedAt,
    DateTimeOffset? ResolvedAt)
{
    public bool IsOpen => ResolvedAt is null;
}

public sealed record CaseIntervention(
    Guid Id,
    string? CatalogueIntervention,
    string? LocalName,
    IReadOnlyList<MatrixCell> Cells,
    IReadOnlyList<Guid> Barriers,
    ServiceArea ServiceArea,
    string Provider,
    InterventionStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? DropOutReason,
    string? Marker = null);

public sealed record CaseMeasurement(
    Guid MeasurementId, string Instrument, int InstrumentVersion, IReadOnlyDictionary<string, decimal> Scores, string MeasuredBy, DateTimeOffset MeasuredAt);

public sealed record CaseOutcome(
    Guid Id, OutcomeKind Kind, OutcomeStatus Status, DateTimeOffset ReachedAt, IReadOnlyList<int> RetainedAtMonths, DateTimeOffset? LostAt);

public sealed record DueFollowUp(FollowUpKind Kind, DateTimeOffset DueAt, string? Instrument, Guid? OutcomeId, int? CheckpointMonths)
{
    public bool SameAs(FollowUpDue e) =>
        Kind == e.Kind && Instrument == e.Instrument && OutcomeId == e.OutcomeId && CheckpointMonths == e.CheckpointMonths;
}
