using System.Numerics;
using Progression.Domain.Cases;
using Progression.Domain.Catalogue;

namespace Progression.Domain.Analytics;

/// <summary>
/// The risk factor × level matrix of one target group as a heatmap: where barriers are found, how many are still open,
/// and which of those no running intervention addresses (the blind spots: where the municipality lacks an offer).
/// </summary>
public static class MatrixHeatmap
{
    /// <summary>
    /// Barriers identified within [<paramref name="from"/>, <paramref name="to"/>] (either bound optional) in cases of
    /// <paramref name="group"/>, in the state they were in at <paramref name="to"/> (at <paramref name="now"/> without
    /// an upper bound): a heatmap of a past period shows that period as it stood then, not as it stands today.
    /// One cell for every factor of the group (catalogue order) × every level (by order), zeros included, so a
    /// dashboard draws the full grid; none if the catalogue does not know the group.
    /// </summary>
    public static IReadOnlyList<HeatmapCell> Of(IEnumerable<CaseFacts> cases, Catalogue.Catalogue catalogue, string group,
        DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var asAt = to ?? now;
        var barriers = new Dictionary<Cell, BarrierCounts>();
        var uses = new Dictionary<(Cell Cell, string Intervention), int>();
        foreach (var @case in cases.Select(f => f.Case).Where(c => c.TargetGroup == group))
        {
            foreach (var barrier in @case.Barriers.Where(b => Figures.Within(b.IdentifiedAt, from, to)))
                barriers.AddUp(new Cell(barrier.Factor, barrier.Level), BarrierCounts.One(StateAt(@case, barrier, asAt)));
            foreach (var use in InUseAt(@case, asAt)) uses.AddUp(use, 1);
        }
        return Grid(catalogue, group, barriers, uses);
    }

    /// <summary>A barrier at a moment: resolved by then, else addressed by an intervention running then, else a blind spot.</summary>
    public static BarrierState StateAt(Case @case, CaseBarrier barrier, DateTimeOffset at) =>
        barrier.ResolvedAt is { } resolvedAt && resolvedAt <= at ? BarrierState.Resolved
        : @case.Interventions.Any(i => i.Barriers.Contains(barrier.Id) && i.IsActiveAt(at)) ? BarrierState.Addressed
        : BarrierState.Blind;

    /// <summary>
    /// The interventions a case runs at a moment, once per cell: each is in use in the cells it is placed in and in the
    /// cells of the barriers it addresses (a local intervention may be aimed at a barrier outside its own placement).
    /// A case running the same intervention twice is one case using it.
    /// </summary>
    public static IReadOnlySet<(Cell Cell, string Intervention)> InUseAt(Case @case, DateTimeOffset at) =>
        @case.Interventions.Where(i => i.IsActiveAt(at))
            .SelectMany(i => i.Cells.Select(c => new Cell(c.Factor, c.Level))
                .Concat(@case.Barriers.Where(b => i.Barriers.Contains(b.Id)).Select(b => new Cell(b.Factor, b.Level)))
                .Select(cell => (cell, InterventionNames.Key(i))))
            .ToHashSet();

    /// <summary>
    /// The full grid from counts per cell (barriers) and per cell and intervention (cases using it): every factor of the
    /// group in catalogue order × every level by order, zeros included; none if the catalogue does not know the group.
    /// </summary>
    public static IReadOnlyList<HeatmapCell> Grid(Catalogue.Catalogue catalogue, string group,
        IReadOnlyDictionary<Cell, BarrierCounts> barriers, IReadOnlyDictionary<(Cell Cell, string Intervention), int> uses)
    {
        if (catalogue.FindGroup(group) is not { } targetGroup) return [];
        var names = new InterventionNames(catalogue);
        var usesByCell = uses.Where(u => u.Value > 0).ToLookup(u => u.Key.Cell);
        return
        [
            .. from factor in targetGroup.RiskFactors
               from level in catalogue.Levels.OrderBy(l => l.Order)
               let cell = new Cell(factor.Id, level.Id)
               let counts = barriers.GetValueOrDefault(cell)
               select new HeatmapCell(factor.Id, level.Id, counts.Identified, counts.Open, counts.Resolved, counts.Addressed, counts.Blind,
                   [
                       .. names.InOrder(
                           usesByCell[cell].Select(u => new InterventionUse(u.Key.Intervention, names.NameOf(u.Key.Intervention), u.Value)),
                           u => u.Intervention, u => u.Name),
                   ]),
        ];
    }
}

public enum BarrierState { Blind, Addressed, Resolved }

/// <summary>Barriers by state: identified = resolved + addressed + blind; open = addressed + blind.</summary>
public readonly record struct BarrierCounts(int Identified, int Resolved, int Addressed, int Blind)
    : IAdditionOperators<BarrierCounts, BarrierCounts, BarrierCounts>, ISubtractionOperators<BarrierCounts, BarrierCounts, BarrierCounts>
{
    public int Open => Addressed + Blind;

    public static BarrierCounts One(BarrierState state) => new(1,
        state == BarrierState.Resolved ? 1 : 0, state == BarrierState.Addressed ? 1 : 0, state == BarrierState.Blind ? 1 : 0);

    public bool IsZero => this == default;

    public static BarrierCounts operator +(BarrierCounts a, BarrierCounts b) =>
        new(a.Identified + b.Identified, a.Resolved + b.Resolved, a.Addressed + b.Addressed, a.Blind + b.Blind);

    public static BarrierCounts operator -(BarrierCounts a, BarrierCounts b) =>
        new(a.Identified - b.Identified, a.Resolved - b.Resolved, a.Addressed - b.Addressed, a.Blind - b.Blind);
}

/// <summary>
/// One factor × level cell. Identified = Open + Resolved; Open = Addressed + BlindSpots. Interventions: those running
/// in the cell at the moment the state is read, with the number of distinct cases using each there.
/// </summary>
public sealed record HeatmapCell(
    string Factor,
    string Level,
    int Identified,
    int Open,
    int Resolved,
    int Addressed,
    int BlindSpots,
    IReadOnlyList<InterventionUse> Interventions);

/// <summary>An intervention in use: its catalogue id or "local:" + its local name, its name, and how many cases use it.</summary>
public sealed record InterventionUse(string Intervention, string Name, int Cases);
