using Progression.Domain.Cases;
using static Progression.Domain.Seeding.SeedProfile;

namespace Progression.Domain.Seeding;

/// <summary>
/// One citizen's pathway, simulated in time order: each step is planned for a moment, and when its moment comes it looks
/// at the case as it then stands (is the barrier still open, the intervention still running, the case still open?)
/// before it records anything. So every event obeys the rules the commands check against the events before it, and
/// nothing planned after <see cref="SeedOptions.Now"/> happens. One instance is reused for every case of a run.
/// </summary>
internal sealed class Pathway(SeedPlan plan)
{
    private enum Act : byte
    {
        RegisterFactor, IdentifyBarrier, AssignMentor, ChangeMentor, StartIntervention, CompleteIntervention,
        DropOutOfIntervention, ResolveBarrier, ClearFactor, Measure, ConsiderOutcome, CheckRetention, LoseOutcome, Close, Reopen,
    }

    private enum Closing { Other, Retained }

    /// <summary>A planned step: what, on which part of the case (an index), and a detail (a checkpoint or an epoch).</summary>
    private readonly record struct Step(Act Act, int Target = 0, int Detail = 0);

    private sealed class FactorState(FactorPlan plan)
    {
        public FactorPlan Plan { get; } = plan;
        public bool Registered { get; set; }
    }

    private sealed class BarrierState(Guid id, FactorState factor, string level, string? catalogueBarrier, ServiceArea area)
    {
        public Guid Id { get; } = id;
        public FactorState Factor { get; } = factor;
        public string Level { get; } = level;
        public string? CatalogueBarrier { get; } = catalogueBarrier;
        public ServiceArea Area { get; } = area;
        public bool Open { get; set; } = true;
    }

    private sealed class InterventionState(Guid id, string? catalogueIntervention, List<int> barriers, double gain)
    {
        public Guid Id { get; } = id;
        public string? CatalogueIntervention { get; } = catalogueIntervention;
        public List<int> Barriers { get; } = barriers;
        public double Gain { get; } = gain;
        public bool Active { get; set; } = true;
    }

    private sealed class OutcomeState(Guid id, OutcomeKind kind, DateTimeOffset reachedAt)
    {
        public Guid Id { get; } = id;
        public OutcomeKind Kind { get; } = kind;
        public DateTimeOffset ReachedAt { get; } = reachedAt;
        public List<int> Retained { get; } = [];
        public bool Lost { get; set; }
    }

    private static readonly double[] BarriersPerFactorWeights = GroupPlan.Cumulative(BarriersPerFactor);

    private readonly SeedRandom _rng = new();
    private readonly PriorityQueue<Step, (long At, int Order)> _agenda = new();
    private readonly List<FactorState> _factors = [];
    private readonly List<BarrierState> _barriers = [];
    private readonly List<InterventionState> _interventions = [];
    private readonly List<OutcomeState> _outcomes = [];
    private List<object> _events = [];
    private GroupPlan _group = null!;
    private MunicipalityPlan _municipality = null!;
    private DateTimeOffset _clock;
    private DateTimeOffset _openedAt;
    private int _order;
    private bool _open;
    private bool _reopened;
    private string? _mentor;

    // Chains of steps that repeat (measurements, outcome reviews, the closing hazard) carry the epoch they were planned
    // in; reopening starts a new epoch, so a chain from before the closing cannot run twice beside its successor.
    private int _epoch;

    // Each dimension's true level, which scores observe with noise; it moves at a rate set by the active interventions.
    private double[] _latent = [];
    private double[] _pace = [];
    private DateTimeOffset _latentAt;
    private double _activeGain;

    public GeneratedCase Generate(int index)
    {
        var id = _rng.StartCase(plan.Seed, index);
        Reset();
        _group = plan.Groups[_rng.Pick(plan.GroupWeights)];
        _municipality = plan.Municipalities[_rng.Pick(plan.MunicipalityWeights)];
        _clock = _openedAt = Moment(plan.NowTicks - (long)(_rng.Between(0, OpenedWithinDays) * TimeSpan.TicksPerDay));
        Open(id);
        while (_agenda.TryDequeue(out var step, out var when))
        {
            _clock = Moment(when.At);
            Take(step);
        }
        return new GeneratedCase(id, _municipality.Code, _group.Id, _events);
    }

    private void Reset()
    {
        _agenda.Clear();
        _factors.Clear();
        _barriers.Clear();
        _interventions.Clear();
        _outcomes.Clear();
        _events = new List<object>(48);
        _order = 0;
        _epoch = 0;
        _open = true;
        _reopened = false;
        _mentor = null;
        _activeGain = 0;
    }

    private static DateTimeOffset Moment(long ticks) => new(ticks - ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private void Plan(Act act, double days, int target = 0, int detail = 0) =>
        PlanAt(act, _clock.UtcTicks + (long)(Math.Max(0, days) * TimeSpan.TicksPerDay), target, detail);

    private void Plan(Act act, DayRange range, int target = 0, int detail = 0) => Plan(act, Draw(range), target, detail);

    /// <summary>What would happen after now never happens: the pathway is cut off where the data is generated.</summary>
    private void PlanAt(Act act, long ticks, int target, int detail)
    {
        if (ticks <= plan.NowTicks) _agenda.Enqueue(new Step(act, target, detail), (Math.Max(ticks, _clock.UtcTicks), _order++));
    }

    private double Draw(DayRange range) => _rng.Between(range.From, range.To);

    private void Record(object e) => _events.Add(e);

    private void Take(Step step)
    {
        if (!_open && step.Act != Act.Reopen) return;
        switch (step.Act)
        {
            case Act.RegisterFactor: RegisterFactor(_factors[step.Target]); break;
            case Act.IdentifyBarrier: IdentifyBarrier(_factors[step.Target]); break;
            case Act.AssignMentor: AssignMentor(); break;
            case Act.ChangeMentor: ChangeMentor(); break;
            case Act.StartIntervention: StartIntervention(step.Target); break;
            case Act.CompleteIntervention: EndIntervention(_interventions[step.Target], completed: true); break;
            case Act.DropOutOfIntervention: EndIntervention(_interventions[step.Target], completed: false); break;
            case Act.ResolveBarrier: ResolveBarrier(_barriers[step.Target]); break;
            case Act.ClearFactor: ClearFactor(_factors[step.Target]); break;
            case Act.Measure when step.Detail == _epoch: Measure(); break;
            case Act.ConsiderOutcome when step.Detail == _epoch: ConsiderOutcome(); break;
            case Act.CheckRetention: CheckRetention(_outcomes[step.Target], step.Detail); break;
            case Act.LoseOutcome: LoseOutcome(_outcomes[step.Target]); break;
            case Act.Close when step.Detail == _epoch: Close((Closing)step.Target); break;
            case Act.Reopen: Reopen(); break;
        }
    }

    private void Open(Guid id)
    {
        foreach (var factor in _group.Factors)
            if (_rng.Chance(factor.Prevalence)) _factors.Add(new FactorState(factor));
        if (_factors.Count == 0) _factors.Add(new FactorState(_group.Factors[_rng.Pick(_group.FactorWeights)]));

        var services = new SortedSet<ServiceArea> { _group.Profile.HomeArea };
        foreach (var factor in _factors) services.Add(factor.Plan.Area);
        Record(new CaseOpened(id, CitizenReference(id), _group.Id, _municipality.Code, [.. services], _clock));

        for (var f = 0; f < _factors.Count; f++) Plan(Act.RegisterFactor, FactorRegisteredIn, f);
        if (_rng.Chance(LaterBarrierShare)) Plan(Act.IdentifyBarrier, LaterBarrierIn, _rng.Next(_factors.Count));
        if (_rng.Chance(MentorAssignedShare)) Plan(Act.AssignMentor, MentorAssignedIn);
        if (_rng.Chance(MentorChangedShare)) Plan(Act.ChangeMentor, MentorChangedIn);
        StartScores();
        if (_group.Instrument is not null && _rng.Chance(MeasuredShare)) Plan(Act.Measure, FirstMeasurementIn, detail: _epoch);
        Plan(Act.ConsiderOutcome, OutcomeReviewDays, detail: _epoch);
        PlanOtherClosing(OtherClosingMeanDays);
    }

    /// <summary>A pseudonymous reference of letters only: digits could happen to look like a CPR number.</summary>
    private static string CitizenReference(Guid id) =>
        "seed-" + string.Concat(id.ToString("N")[..16].Select(c => c <= '9' ? (char)('a' + c - '0') : (char)('k' + c - 'a')));

    private void RegisterFactor(FactorState factor)
    {
        factor.Registered = true;
        Record(new RiskFactorRegistered(factor.Plan.Id, _clock));
        var barriers = factor.Plan.Barriers.Count > 0
            ? _rng.Pick(BarriersPerFactorWeights) + 1
            : _rng.Chance(LocalOnlyBarrierShare) ? 1 : 0;
        var index = _factors.IndexOf(factor);
        for (var i = 0; i < barriers; i++) Plan(Act.IdentifyBarrier, BarrierIdentifiedIn, index);
    }

    /// <summary>A catalogue barrier of the factor not yet on the case, or sometimes (or failing that) one described locally.</summary>
    private void IdentifyBarrier(FactorState factor)
    {
        if (!factor.Registered) return;
        var unused = factor.Plan.Barriers.Where(b => _barriers.All(x => x.CatalogueBarrier != b.Id)).ToList();
        var local = unused.Count == 0 || _rng.Chance(LocalBarrierShare);
        var catalogueBarrier = local ? null : _rng.Pick(unused);
        var level = catalogueBarrier?.Level ?? _group.LocalLevels[_rng.Pick(_group.LocalLevelWeights)];
        var description = local ? _rng.Pick(LocalBarrierDescriptions.GetValueOrDefault(level, [OtherLocalBarrier])) : null;
        var area = _rng.Chance(SpecialistAreaShare) ? factor.Plan.Area : _group.Profile.HomeArea;
        var barrier = new BarrierState(_rng.NextId(), factor, level, catalogueBarrier?.Id, area);
        _barriers.Add(barrier);
        Record(new BarrierIdentified(barrier.Id, factor.Plan.Id, level, barrier.CatalogueBarrier, description, area, _clock));

        var index = _barriers.Count - 1;
        if (_rng.Chance(BarrierAddressedShare)) Plan(Act.StartIntervention, InterventionStartedIn, index);
        else MayResolveUntreated(index);
    }

    private void MayResolveUntreated(int barrier)
    {
        if (_rng.Chance(UntreatedBarrierResolvedShare)) Plan(Act.ResolveBarrier, UntreatedBarrierResolvedIn, barrier);
    }

    private bool Addressed(int barrier) => _interventions.Any(i => i.Active && i.Barriers.Contains(barrier));

    private bool Unaddressed(int barrier) => _barriers[barrier].Open && !Addressed(barrier);

    /// <summary>
    /// An intervention on an open barrier no running intervention addresses: a catalogue one placed in its cell (evidence
    /// weighted up, none already running on the case) or a local one; it names every unaddressed barrier in its cells.
    /// </summary>
    private void StartIntervention(int barrierIndex)
    {
        if (!Unaddressed(barrierIndex)) return;
        var barrier = _barriers[barrierIndex];
        var candidates = _group.InterventionsIn(barrier.Factor.Plan.Id, barrier.Level)
            .Where(c => _interventions.All(i => !i.Active || i.CatalogueIntervention != c.Intervention.Id)).ToList();
        InterventionPlan? chosen = null;
        if (candidates.Count > 0)
        {
            if (!_rng.Chance(LocalInsteadOfCatalogueShare))
                chosen = candidates[_rng.Pick(GroupPlan.Cumulative(candidates.Select(c => c.Weight)))];
        }
        else if (!_rng.Chance(LocalWhereCatalogueHasNoneShare))
        {
            MayResolveUntreated(barrierIndex);
            return;
        }
        var cells = chosen?.Cells ?? LocalCells(barrier);

        var named = Enumerable.Range(0, _barriers.Count)
            .Where(b => Unaddressed(b) && cells.Contains(new MatrixCell(_barriers[b].Factor.Plan.Id, _barriers[b].Level)))
            .ToList();
        var area = _rng.Chance(SpecialistAreaShare) ? barrier.Area : _group.Profile.HomeArea;
        var intervention = new InterventionState(_rng.NextId(), chosen?.Intervention.Id, named, chosen?.Gain ?? LocalGain);
        Drift();
        _interventions.Add(intervention);
        _activeGain += intervention.Gain;
        Record(new InterventionStarted(intervention.Id, intervention.CatalogueIntervention,
            chosen is null ? _rng.Pick(_group.Profile.LocalInterventions) : null, cells,
            [.. named.Select(b => _barriers[b].Id)], area, $"{Providers[area]} {_municipality.Name}", _clock));

        var index = _interventions.Count - 1;
        if (_rng.Chance(_group.Profile.DropOutRate)) Plan(Act.DropOutOfIntervention, DropOutIn, index);
        else Plan(Act.CompleteIntervention,
            Math.Min(LongestIntervention, Draw(CompletionBase) + _rng.Exponential(CompletionTailMean)), index);
    }

    /// <summary>A local intervention sits in the barrier's cell, sometimes also on another level of the same factor.</summary>
    private MatrixCell[] LocalCells(BarrierState barrier)
    {
        var cell = new MatrixCell(barrier.Factor.Plan.Id, barrier.Level);
        if (!_rng.Chance(LocalCoversAnotherLevelShare)) return [cell];
        var other = _group.LocalLevels[_rng.Next(_group.LocalLevels.Count)];
        return other == barrier.Level ? [cell] : [cell, cell with { Level = other }];
    }

    private void EndIntervention(InterventionState intervention, bool completed)
    {
        if (!intervention.Active) return;
        var reason = completed ? null : _rng.Pick(DropOutReasons);
        Stop(intervention, reason);
        if (completed)
        {
            foreach (var b in intervention.Barriers.Where(b => _barriers[b].Open))
                if (_rng.Chance(ResolvedOnCompletionShare)) Plan(Act.ResolveBarrier, ResolvedAfterCompletionIn, b);
                else if (_rng.Chance(RetryAfterCompletionShare)) Plan(Act.StartIntervention, RetryAfterCompletionIn, b);
        }
        else
        {
            Shift(DropOutSetback);
            foreach (var b in intervention.Barriers.Where(b => _barriers[b].Open))
                if (_rng.Chance(RetryAfterDropOutShare)) Plan(Act.StartIntervention, RetryAfterDropOutIn, b);
        }
    }

    /// <summary>Completes the intervention, or records the drop-out when a reason is given.</summary>
    private void Stop(InterventionState intervention, string? dropOutReason)
    {
        Drift();
        intervention.Active = false;
        _activeGain -= intervention.Gain;
        Record(dropOutReason is null
            ? new InterventionCompleted(intervention.Id, _clock)
            : new InterventionDroppedOut(intervention.Id, dropOutReason, _clock));
    }

    private void ResolveBarrier(BarrierState barrier)
    {
        if (!barrier.Open) return;
        barrier.Open = false;
        Record(new BarrierResolved(barrier.Id, _clock));
        if (!HasOpenBarriers(barrier.Factor) && _rng.Chance(FactorClearedShare))
            Plan(Act.ClearFactor, FactorClearedIn, _factors.IndexOf(barrier.Factor));
    }

    private bool HasOpenBarriers(FactorState factor) => _barriers.Any(b => b.Open && b.Factor == factor);

    /// <summary>A factor is cleared only once none of its barriers is open (the command refuses it otherwise).</summary>
    private void ClearFactor(FactorState factor)
    {
        if (!factor.Registered || HasOpenBarriers(factor)) return;
        factor.Registered = false;
        Record(new RiskFactorCleared(factor.Plan.Id, _clock));
    }

    private string Mentor(int number) => $"mentor-{_municipality.Code}-{number:D2}";

    private void AssignMentor()
    {
        if (_mentor is not null) return;
        _mentor = Mentor(_rng.Next(_municipality.Mentors) + 1);
        Record(new MentorAssigned(_mentor, _clock));
    }

    private void ChangeMentor()
    {
        if (_mentor is not { } previous) return;
        do _mentor = Mentor(_rng.Next(_municipality.Mentors) + 1);
        while (_mentor == previous);
        Record(new MentorUnassigned(previous, _clock));
        Record(new MentorAssigned(_mentor, _clock));
    }

    private void StartScores()
    {
        var dimensions = _group.Instrument?.Dimensions.Count ?? 1;
        if (_latent.Length != dimensions)
        {
            _latent = new double[dimensions];
            _pace = new double[dimensions];
        }
        var level = _group.Profile.BaselineScore + BaselineSpread * _rng.Normal();
        for (var d = 0; d < dimensions; d++)
        {
            _latent[d] = Clamp(level + DimensionSpread * _rng.Normal());
            _pace[d] = Draw(DimensionPace);
        }
        _latentAt = _clock;
    }

    private double Clamp(double score) => _group.Instrument is { Scale: var scale } ? Math.Clamp(score, scale.Min, scale.Max) : score;

    /// <summary>
    /// Moves the true levels on to now at the rate the running interventions set (capped: help has limits); with none
    /// running they slide back slowly.
    /// </summary>
    private void Drift()
    {
        var quarters = (_clock - _latentAt).TotalDays / QuarterDays;
        _latentAt = _clock;
        Shift((_activeGain > 0 ? Math.Min(GainCap, _activeGain) : DriftWithoutHelp) * quarters);
    }

    private void Shift(double change)
    {
        for (var d = 0; d < _latent.Length; d++) _latent[d] = Clamp(_latent[d] + change * _pace[d]);
    }

    /// <summary>Where the citizen stands between the scale's ends, 0 to 1 (the mean of the true levels).</summary>
    private double Progress()
    {
        var (min, max) = _group.Instrument is { Scale: var scale } ? (scale.Min, scale.Max) : (1, 10);
        return (_latent.Average() - min) / (max - min);
    }

    private void Measure()
    {
        var instrument = _group.Instrument!;
        Drift();
        var scores = new Dictionary<string, decimal>(_latent.Length);
        for (var d = 0; d < _latent.Length; d++)
            scores[instrument.Dimensions[d].Id] = (decimal)Math.Round(Clamp(_latent[d] + ScoreNoise * _rng.Normal()));
        Record(new ProgressionMeasured(_rng.NextId(), instrument.Id, instrument.Version, scores,
            _mentor ?? $"coordinator-{_municipality.Code}", _clock));
        var interval = instrument.FollowUpIntervalDays * (_rng.Chance(MeasurementSkippedShare) ? 2 : 1);
        Plan(Act.Measure, interval + Draw(MeasurementJitter), detail: _epoch);
    }

    private bool HasCurrentOutcome => _outcomes.Any(o => !o.Lost);

    /// <summary>
    /// A monthly review: the further the citizen has come on the scale, the likelier a job or education starts (hazard
    /// proportional to the square of progress, relative to the middle of the scale). Stops while an outcome holds.
    /// </summary>
    private void ConsiderOutcome()
    {
        if (HasCurrentOutcome || _outcomes.Count >= OutcomesPerCase) return;
        Drift();
        var progress = Progress() / 0.5;
        if ((_clock - _openedAt).TotalDays >= OutcomeNotBeforeDays && _rng.Chance(_group.Profile.OutcomeHazard * progress * progress))
            ReachOutcome();
        else Plan(Act.ConsiderOutcome, OutcomeReviewDays, detail: _epoch);
    }

    private void ReachOutcome()
    {
        var kind = _group.Profile.OutcomeKinds[_rng.Pick(_group.OutcomeKindWeights)].Kind;
        var outcome = new OutcomeState(_rng.NextId(), kind, _clock);
        _outcomes.Add(outcome);
        Shift(OutcomeBoost);
        Record(new OutcomeReached(outcome.Id, kind, _clock));

        var index = _outcomes.Count - 1;
        var from = _clock;
        for (var c = 0; c < RetentionCheckpoints.Length; c++)
        {
            var due = outcome.ReachedAt.AddMonths(RetentionCheckpoints[c]);
            if (_rng.Chance(LostBeforeCheckpoint[c]))
            {
                PlanAt(Act.LoseOutcome, from.UtcTicks + (long)(_rng.NextDouble() * (due - from).Ticks), index, 0);
                return;
            }
            // The service takes a check from 14 days before it falls due: drawn from 13 days before, never earlier.
            if (!_rng.Chance(RetentionCheckMissedShare))
                PlanAt(Act.CheckRetention, due.UtcTicks + (long)(Draw(RetentionCheckRecorded) * TimeSpan.TicksPerDay), index, c);
            from = due;
        }
    }

    private void CheckRetention(OutcomeState outcome, int checkpoint)
    {
        var months = RetentionCheckpoints[checkpoint];
        if (outcome.Lost || outcome.Retained.Contains(months)) return;
        outcome.Retained.Add(months);
        Record(new OutcomeRetained(outcome.Id, months, _clock));
        if (checkpoint == RetentionCheckpoints.Length - 1 && _rng.Chance(ClosedOnceRetainedShare))
            Plan(Act.Close, ClosedAfterRetentionIn, (int)Closing.Retained, _epoch);
    }

    private void LoseOutcome(OutcomeState outcome)
    {
        if (outcome.Lost) return;
        outcome.Lost = true;
        Drift();
        Shift(LossSetback);
        Record(new OutcomeLost(outcome.Id, _clock, _rng.Pick(LossReasons)));
        Plan(Act.ConsiderOutcome, OutcomeReviewDays, detail: _epoch);
    }

    /// <summary>
    /// Running interventions end with the case: completed when it closes on a retained outcome, else stopped. While a job
    /// or education holds, the case is not closed for other reasons: the closing is drawn again.
    /// </summary>
    private void Close(Closing why)
    {
        var retained = why == Closing.Retained;
        if (!retained && HasCurrentOutcome)
        {
            PlanOtherClosing(OtherClosingMeanDays);
            return;
        }
        foreach (var intervention in _interventions.Where(i => i.Active)) Stop(intervention, retained ? null : StoppedByClosing);
        var reason = !retained ? _rng.Pick(ClosingReasons)
            : _outcomes[^1].Kind == OutcomeKind.EducationStarted ? RetainedInEducation : RetainedInJob;
        _open = false;
        Record(new CaseClosed(reason, _clock));
        if (!_reopened && _rng.Chance(ReopenedShare)) Plan(Act.Reopen, ReopenedIn);
    }

    /// <summary>Moving away, another offer, the citizen's own wish: a constant hazard, so a waiting time drawn afresh.</summary>
    private void PlanOtherClosing(double meanDays) =>
        Plan(Act.Close, Math.Max(EarliestOtherClosing, _rng.Exponential(meanDays)), (int)Closing.Other, _epoch);

    /// <summary>A reopened case is followed again: measured, reviewed for outcomes, its open barriers taken up again.</summary>
    private void Reopen()
    {
        _open = true;
        _reopened = true;
        _epoch++;
        Drift();
        Record(new CaseReopened(_clock, _rng.Pick(ReopeningReasons)));
        if (_group.Instrument is not null && _rng.Chance(MeasuredShare)) Plan(Act.Measure, FirstMeasurementIn, detail: _epoch);
        Plan(Act.ConsiderOutcome, OutcomeReviewDays, detail: _epoch);
        for (var b = 0; b < _barriers.Count; b++)
            if (Unaddressed(b) && _rng.Chance(BarrierAddressedShare)) Plan(Act.StartIntervention, InterventionStartedIn, b);
        PlanOtherClosing(ClosingAfterReopeningMeanDays);
    }
}
