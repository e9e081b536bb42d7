using Progression.Domain.Privacy;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Privacy;

public class SmallCellSuppressionTests
{
    [Fact]
    public void Counts_from_1_to_4_are_suppressed_and_zero_is_shown()
    {
        var shown = SmallCellSuppression.Suppress([0, 1, 2, 3, 4, 5, 6]);

        Assert.Equal([0, null, null, null, null, 5, 6], shown.Counts);
        Assert.Equal(21, shown.Total);
    }

    [Fact]
    public void A_threshold_of_3_suppresses_1_and_2() =>
        Assert.Equal([0, null, null, 3, 4, 5, 6], SmallCellSuppression.Suppress([0, 1, 2, 3, 4, 5, 6], threshold: 3).Counts);

    [Fact]
    public void A_table_of_zeros_and_large_counts_is_shown_whole()
    {
        var shown = SmallCellSuppression.Suppress([[0, 12], [7, 0]]);

        Assert.Equal([[0, 12], [7, 0]], (int?[][])[.. shown.Cells.Select(r => r.ToArray())]);
        Assert.Equal(19, shown.GrandTotal);
    }

    [Fact]
    public void A_single_small_count_takes_the_next_smallest_with_it_since_the_total_would_give_it_away()
    {
        var shown = SmallCellSuppression.Suppress([12, 2, 10]);

        Assert.Equal([12, null, null], shown.Counts);
        Assert.Equal(24, shown.Total);
    }

    [Fact]
    public void A_row_with_one_suppressed_cell_gets_its_smallest_other_cell_suppressed()
    {
        var shown = SmallCellSuppression.Suppress([[2, 9, 30], [3, 4, 50], [40, 60, 70]]);

        AssertCells([[null, null, 30], [null, null, 50], [40, 60, 70]], shown);
        Assert.Equal([41, 57, 170], shown.RowTotals);
        Assert.Equal([45, 73, 150], shown.ColumnTotals);
        Assert.Equal(268, shown.GrandTotal);
    }

    [Fact]
    public void A_column_with_one_suppressed_cell_gets_its_smallest_other_cell_suppressed()
    {
        // Both rows already hold two; columns 1 and 2 hold one each, and take the 9 (not the 60) and the 40 (not the 70).
        var shown = SmallCellSuppression.Suppress([[2, 3, 40], [1, 9, 4], [30, 60, 70]]);

        AssertCells([[null, null, null], [null, null, null], [30, 60, 70]], shown);
    }

    [Fact]
    public void Secondary_suppression_cascades_until_every_row_and_column_is_covered()
    {
        // The 3 takes the 8 in its row; its column then holds only the 3 and takes the 50; that row takes the 9.
        var shown = SmallCellSuppression.Suppress([[3, 8, 40], [50, 9, 60], [70, 80, 90]]);

        AssertCells([[null, null, 40], [null, null, 60], [70, 80, 90]], shown);
    }

    [Fact]
    public void A_small_total_is_suppressed_and_a_list_with_it()
    {
        var shown = SmallCellSuppression.Suppress([2, 1, 0]);

        Assert.Equal([null, null, 0], shown.Counts);
        Assert.Null(shown.Total);
    }

    [Fact]
    public void A_small_row_total_takes_another_total_with_it_or_the_grand_total_would_give_it_away()
    {
        var shown = SmallCellSuppression.Suppress([[1, 2, 0], [10, 20, 30], [40, 50, 60]]);

        AssertCells([[null, null, 0], [null, null, 30], [40, 50, 60]], shown);
        Assert.Equal([null, null, 150], shown.RowTotals);
        Assert.Equal([51, 72, 90], shown.ColumnTotals);
        Assert.Equal(213, shown.GrandTotal);
    }

    [Fact]
    public void A_chain_of_suppressed_cells_between_two_blocks_is_closed_into_a_cycle()
    {
        int[][] table = [[1, 2, 30, 11], [3, 4, 2, 40], [50, 60, 1, 3], [70, 80, 4, 2]];
        // With the small cells alone every row and column holds two or more, yet rows 0 and 1 minus columns 0 and 1
        // leave exactly the 2 in row 1, column 2.
        var primaryOnly = new SuppressedTable(
            [.. table.Select(row => (IReadOnlyList<int?>)[.. row.Select(count => count < 5 ? null : (int?)count)])],
            [.. table.Select(row => (int?)row.Sum())], [.. Enumerable.Range(0, 4).Select(c => (int?)table.Sum(row => row[c]))], table.Sum(row => row.Sum()));
        Assert.Equal([(1, 2)], Solvable(Published(primaryOnly)));

        var shown = SmallCellSuppression.Suppress(table);

        AssertCells([[null, null, 30, null], [null, null, null, 40], [50, 60, null, null], [70, 80, null, null]], shown);
        Assert.Empty(Solvable(Published(shown)));
    }

    [Fact]
    public void Every_row_and_column_of_a_random_table_hides_none_or_at_least_two_values() =>
        Assert.All(RandomTables(), table => Assert.All(Lines(Published(SmallCellSuppression.Suppress(table))), line =>
            Assert.True(line.Count(v => v is null) is 0 or >= 2)));

    [Fact]
    public void An_evaluator_cannot_take_any_suppressed_value_as_a_total_minus_its_shown_cells() =>
        Assert.All(RandomTables(), table =>
        {
            var derived =
                from line in Lines(Published(SmallCellSuppression.Suppress(table)))
                let cells = line[..^1]
                where line.Count(v => v is null) == 1
                select line[^1] is { } total ? total - cells.Sum(v => v ?? 0) : cells.Sum(v => v!.Value);
            Assert.Empty(derived);
        });

    [Fact]
    public void When_the_reader_knows_the_totals_a_lone_small_cell_takes_a_zero_with_it_and_totals_stay_shown()
    {
        var shown = SmallCellSuppression.Suppress([[0, 0, 0, 1], [5, 6, 7, 8]], totalsAreKnown: true);
        Assert.True(shown.Cells[0].Count(v => v is null) >= 2);
        Assert.Equal(0, shown.Cells[0].Single(v => v is not null));
        Assert.Equal([1, 26], shown.RowTotals);
    }

    [Fact]
    public void When_the_reader_knows_the_totals_nothing_can_be_solved_for_from_them() =>
        // A table of one row or column has nothing to hide a cell behind once its totals are known: two or more of each.
        Assert.All(RandomTables().Where(t => t.Length > 1 && t[0].Length > 1), table =>
        {
            var shown = SmallCellSuppression.Suppress(table, totalsAreKnown: true);
            Assert.DoesNotContain(null, shown.RowTotals);
            Assert.Empty(Solvable(Published(shown)));
        });

    [Fact]
    public void An_evaluator_cannot_solve_for_any_suppressed_value_from_all_the_totals_together() =>
        Assert.All(RandomTables(), table => Assert.Empty(Solvable(Published(SmallCellSuppression.Suppress(table)))));

    [Fact]
    public void What_is_shown_is_true_and_no_small_count_is_shown() =>
        Assert.All(RandomTables(), table =>
        {
            var truth = Published(new SuppressedTable(
                [.. table.Select(row => (IReadOnlyList<int?>)[.. row.Select(c => (int?)c)])], [.. table.Select(row => (int?)row.Sum())],
                [.. Enumerable.Range(0, table[0].Length).Select(c => (int?)table.Sum(row => row[c]))], table.Sum(row => row.Sum())));
            var shown = Published(SmallCellSuppression.Suppress(table));
            Assert.All(Positions(shown), p =>
            {
                var (value, hidden) = (truth[p.Row, p.Column]!.Value, shown[p.Row, p.Column]);
                Assert.True(hidden == value || hidden is null && value > 0, $"{hidden} shown for {value}");
                Assert.False(value is > 0 and < 5 && hidden is not null, $"{value} shown");
            });
        });

    private static void AssertCells(int?[][] expected, SuppressedTable shown) =>
        Assert.Equal(expected, [.. shown.Cells.Select(row => row.ToArray())]);

    // 500 tables as the brief has them, and 500 sparse ones as a small municipality's would be.
    private static IEnumerable<int[][]> RandomTables()
    {
        var random = new Random(20240611);
        return Enumerable.Range(0, 1000).Select(i =>
        {
            var (rows, columns, most) = (random.Next(1, 9), random.Next(1, 7), i < 500 ? 30 : 8);
            return Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns).Select(_ => random.Next(most + 1)).ToArray()).ToArray();
        });
    }

    // The table as an evaluator reads it, with its totals as a last row and column.
    private static int?[,] Published(SuppressedTable shown)
    {
        var (rows, columns) = (shown.RowTotals.Count, shown.ColumnTotals.Count);
        var grid = new int?[rows + 1, columns + 1];
        foreach (var (r, c) in Positions(grid))
            grid[r, c] = (r == rows, c == columns) switch
            {
                (false, false) => shown.Cells[r][c],
                (false, true) => shown.RowTotals[r],
                (true, false) => shown.ColumnTotals[c],
                (true, true) => shown.GrandTotal,
            };
        return grid;
    }

    private static IEnumerable<(int Row, int Column)> Positions(int?[,] grid) =>
        from r in Enumerable.Range(0, grid.GetLength(0)) from c in Enumerable.Range(0, grid.GetLength(1)) select (r, c);

    // Every row and column of the published grid, its total last: the sums an evaluator knows hold.
    private static IEnumerable<(int Row, int Column)[]> LinePositions(int?[,] grid) =>
        Enumerable.Range(0, grid.GetLength(0)).Select(r => Positions(grid).Where(p => p.Row == r).ToArray())
            .Concat(Enumerable.Range(0, grid.GetLength(1)).Select(c => Positions(grid).Where(p => p.Column == c).ToArray()));

    private static IEnumerable<int?[]> Lines(int?[,] grid) =>
        LinePositions(grid).Select(line => line.Select(p => grid[p.Row, p.Column]).ToArray());

    /// <summary>
    /// The suppressed values an evaluator can solve for from all the sums together: one equation per line (its cells
    /// minus its total is zero) over the suppressed values.
    /// </summary>
    private static List<(int Row, int Column)> Solvable(int?[,] published)
    {
        var unknowns = Positions(published).Where(p => published[p.Row, p.Column] is null).ToList();
        var equations = LinePositions(published)
            .Select(line => unknowns.Select(u => !line.Contains(u) ? 0.0 : u == line[^1] ? -1.0 : 1.0).ToArray());
        return [.. LinearSystem.Determined(equations, unknowns.Count).Select(i => unknowns[i])];
    }
}
