namespace Progression.Tests.Infrastructure;

/// <summary>What a reader can work out from published sums: the unknowns a set of linear equations pins down.</summary>
public static class LinearSystem
{
    /// <summary>
    /// The indices of the unknowns the equations determine (each equation: a coefficient per unknown; the known part
    /// does not matter for whether a value is determined). Gauss-Jordan elimination: an unknown is determined when its
    /// pivot row holds nothing else.
    /// </summary>
    public static List<int> Determined(IEnumerable<double[]> system, int unknowns)
    {
        var equations = system.Select(e => (double[])e.Clone()).ToList();
        var pivots = 0;
        for (var k = 0; k < unknowns && pivots < equations.Count; k++)
        {
            var pivot = equations.FindIndex(pivots, e => Math.Abs(e[k]) > 1e-9);
            if (pivot < 0) continue;
            (equations[pivots], equations[pivot]) = (equations[pivot], equations[pivots]);
            var row = equations[pivots];
            var scale = row[k];
            for (var j = 0; j < row.Length; j++) row[j] /= scale;
            foreach (var other in equations.Where(e => e != row && Math.Abs(e[k]) > 1e-9))
            {
                var factor = other[k];
                for (var j = 0; j < row.Length; j++) other[j] -= factor * row[j];
            }
            pivots++;
        }
        return [.. equations.Take(pivots).Where(row => row.Count(a => Math.Abs(a) > 1e-9) == 1)
            .Select(row => Array.FindIndex(row, a => Math.Abs(a) > 1e-9))];
    }
}
