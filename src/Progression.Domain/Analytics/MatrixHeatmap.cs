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
        if (catalogue.FindGroup(group) is not { } targetGroup) return [];
        var asAt = to ?? now;
        var names = new InterventionNames(catalogue);

        var barriers = new List<(Cell Cell, bool Resolved, bool Addressed)>();
        // One entry per case, intervention and cell: a case running the same intervention twice is one case using it.
        var uses = new HashSet<(Cell Cell, string Key, string Name, Guid Case)>();
        foreach (var @case in cases.Select(f => f.Case).Where(c => c.TargetGroup == group))
        {
            var active = @case.Interventions.Where(i => i.IsActiveAt(asAt)).ToList();
            var counted = @case.Barriers.Where(b => Figures.Within(b.IdentifiedAt, from, to)).ToList();
            foreach (var barrier in counted)
            {
                var resolved = barrier.ResolvedAt is { } resolvedAt && resolvedAt <= asAt;
                var addressed = !resolved && active.Any(i => i.Barriers.Contains(barrier.Id));
                barriers.Add((new Cell(barrier.Factor, barrier.Level), resolved, addressed));
            }

            // An intervention is in use in the cells it is placed in, and in the cells of the barriers it addresses
            // (a local intervention may be aimed at a barrier outside its own placement).
            foreach (var intervention in active)
            {
                var cells = intervention.Cells.Select(c => new Cell(c.Factor, c.Level))
                    .Concat(counted.Where(b => intervention.Barriers.Contains(b.Id)).Select(b => new Cell(b.Factor, b.Level)));
                foreach (var cell in cells)
                    uses.Add((cell, InterventionNames.Key(intervention), names.Name(intervention), @case.Id));
            }
        }

        var barriersByCell = barriers.ToLookup(b => b.Cell);
        var usesByCell = uses.ToLookup(u => u.Cell);
        return
        [
            .. from factor in targetGroup.RiskFactors
               from level in catalogue.Levels.OrderBy(l => l.Order)
               let cell = new Cell(factor.Id, level.Id)
               let here = barriersByCell[cell].ToList()
               let open = here.Count(b => !b.Resolved)
               let addressed = here.Count(b => b.Addressed)
               select new HeatmapCell(factor.Id, level.Id, here.Count, open, here.Count - open, addressed, open - addressed,
                   [
                       .. names.InOrder(
                           usesByCell[cell].GroupBy(u => (u.Key, u.Name)).Select(g => new InterventionUse(g.Key.Key, g.Key.Name, g.Count())),
                           u => u.Intervention, u => u.Name),
                   ]),
        ];
    }
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
