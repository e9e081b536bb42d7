namespace Progression.Domain.Privacy;

/// <summary>A count table as evaluators may see it, null where a value is suppressed. Totals are the true totals.</summary>
public sealed record SuppressedTable(
    IReadOnlyList<IReadOnlyList<int?>> Cells, IReadOnlyList<int?> RowTotals, IReadOnlyList<int?> ColumnTotals, int? GrandTotal);

/// <summary>A list of counts and its true total as evaluators may see them, null where a value is suppressed.</summary>
public sealed record SuppressedCounts(IReadOnlyList<int?> Counts, int? Total);

/// <summary>
/// Small-cell suppression for count tables published with their row, column and grand totals.
/// Primary: counts from 1 to threshold - 1 are suppressed, cells and totals alike. A zero is shown: here it is a
/// structural zero (a combination no case has) and we do not treat it as disclosive, accepting that an all-zero rest
/// of a row still says that row's cases share a column.
/// Secondary: the totals are equations an evaluator can solve, so the table is worked on with its totals as a last
/// row and column. A row or column with a single suppressed value gives it away (total minus the rest), so it gets
/// another one suppressed; and a suppressed value that no cycle of suppressed values runs through is still given away
/// by adding and subtracting whole rows and columns, so such a chain is closed into a cycle. Both repeat until stable.
/// </summary>
public static class SmallCellSuppression
{
    public const int DefaultThreshold = 5;

    /// <summary>The one-dimensional case: a table of one row, published without column totals (they equal the counts).</summary>
    public static SuppressedCounts Suppress(IReadOnlyList<int> counts, int threshold = DefaultThreshold)
    {
        var table = Suppress([counts], threshold);
        return new SuppressedCounts(table.Cells[0], table.RowTotals[0]);
    }

    /// <param name="totalsAreKnown">
    /// The reader can learn the row and column totals elsewhere (e.g. by counting a case list): totals then never hide
    /// anything, so every line needs two hidden cells of its own, zeros if nothing else will do.
    /// </param>
    /// <param name="alsoHide">
    /// Cells to hide whatever their count, e.g. because a table linked to this one (a sum or a part of it) hides them:
    /// secondary suppression then protects them too.
    /// </param>
    public static SuppressedTable Suppress(IReadOnlyList<IReadOnlyList<int>> rows, int threshold = DefaultThreshold, bool totalsAreKnown = false,
        IReadOnlyCollection<(int Row, int Column)>? alsoHide = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var columns = rows.FirstOrDefault()?.Count ?? 0;
        if (rows.Any(row => row.Count != columns)) throw new ArgumentException("Every row needs the same number of columns.", nameof(rows));
        if (rows.Any(row => row.Any(count => count < 0))) throw new ArgumentOutOfRangeException(nameof(rows), "Counts cannot be negative.");

        var grid = WithTotals(rows, columns);
        var suppressed = new bool[rows.Count + 1, columns + 1];
        bool Hideable((int Row, int Column) e) => !totalsAreKnown || (e.Row < rows.Count && e.Column < columns);
        foreach (var (r, c) in Entries(grid)) suppressed[r, c] = Hideable((r, c)) && grid[r, c] > 0 && grid[r, c] < threshold;
        foreach (var (r, c) in alsoHide ?? []) suppressed[r, c] = true;
        while (NextToSuppress(grid, suppressed, Hideable) is (var r, var c)) suppressed[r, c] = true;

        int? Shown(int r, int c) => suppressed[r, c] ? null : grid[r, c];
        return new SuppressedTable(
            [.. Enumerable.Range(0, rows.Count).Select(r => (IReadOnlyList<int?>)[.. Enumerable.Range(0, columns).Select(c => Shown(r, c))])],
            [.. Enumerable.Range(0, rows.Count).Select(r => Shown(r, columns))],
            [.. Enumerable.Range(0, columns).Select(c => Shown(rows.Count, c))],
            Shown(rows.Count, columns));
    }

    private static int[,] WithTotals(IReadOnlyList<IReadOnlyList<int>> rows, int columns)
    {
        var grid = new int[rows.Count + 1, columns + 1];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < columns; c++)
            {
                var count = rows[r][c];
                grid[r, c] = count;
                grid[r, columns] += count;
                grid[rows.Count, c] += count;
                grid[rows.Count, columns] += count;
            }
        return grid;
    }

    private static (int Row, int Column)? NextToSuppress(int[,] grid, bool[,] suppressed, Func<(int Row, int Column), bool> hideable)
    {
        var all = Entries(grid).ToArray();
        var lines = Enumerable.Range(0, grid.GetLength(0)).Select(r => all.Where(e => e.Row == r).ToArray())
            .Concat(Enumerable.Range(0, grid.GetLength(1)).Select(c => all.Where(e => e.Column == c).ToArray()));
        // A line that has nothing left to hide (a one-row table whose totals are known) cannot be helped: skip it.
        foreach (var line in lines)
            if (line.Count(e => suppressed[e.Row, e.Column]) == 1 && Cheapest(grid, line.Where(e => !suppressed[e.Row, e.Column] && hideable(e))) is { } next)
                return next;

        // Rows and columns are the nodes of a graph whose edges are the suppressed values. A value on no cycle (a
        // bridge) is the sum of one side's rows minus its columns, so one more value joining the two sides is needed.
        var edges = all.Where(e => suppressed[e.Row, e.Column]).ToList();
        var links = edges.SelectMany(e => new[] { (From: e.Row, To: ~e.Column, Edge: e), (From: ~e.Column, To: e.Row, Edge: e) })
            .ToLookup(l => l.From, l => (l.To, l.Edge));
        var open = all.Where(e => !suppressed[e.Row, e.Column] && hideable(e)).ToArray();
        foreach (var bridge in edges)
        {
            var rowSide = Component(bridge.Row, links, bridge);
            if (rowSide.Contains(~bridge.Column)) continue;
            var columnSide = Component(~bridge.Column, links, bridge);
            if (Cheapest(grid, open.Where(e =>
                    rowSide.Contains(e.Row) && columnSide.Contains(~e.Column) || columnSide.Contains(e.Row) && rowSide.Contains(~e.Column))) is { } joining)
                return joining;
        }
        return null;
    }

    // Rows are nodes r, columns nodes ~c (negative), so one set holds both. The edge left out is the one under test.
    private static HashSet<int> Component(int node, ILookup<int, (int To, (int Row, int Column) Edge)> links, (int Row, int Column) without)
    {
        var nodes = new HashSet<int> { node };
        var frontier = new Stack<int>([node]);
        while (frontier.TryPop(out var at))
            foreach (var (to, edge) in links[at])
                if (edge != without && nodes.Add(to)) frontier.Push(to);
        return nodes;
    }

    // Non-zero before zero (zeros stay shown unless nothing else will do), cells before totals before the grand
    // total (we publish the totals), then the smallest; a tie goes to the first.
    private static (int Row, int Column)? Cheapest(int[,] grid, IEnumerable<(int Row, int Column)> candidates)
    {
        var (lastRow, lastColumn) = (grid.GetLength(0) - 1, grid.GetLength(1) - 1);
        return candidates
            .Select(e => ((int Row, int Column)?)e)
            .MinBy(e => (grid[e!.Value.Row, e.Value.Column] == 0, (e.Value.Row == lastRow ? 1 : 0) + (e.Value.Column == lastColumn ? 1 : 0), grid[e.Value.Row, e.Value.Column]));
    }

    private static IEnumerable<(int Row, int Column)> Entries(int[,] grid) =>
        from r in Enumerable.Range(0, grid.GetLength(0)) from c in Enumerable.Range(0, grid.GetLength(1)) select (r, c);
}
