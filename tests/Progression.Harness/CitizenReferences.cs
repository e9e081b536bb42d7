namespace Progression.Harness;

/// <summary>Citizen references for synthetic cases opened over the API (benchmarks, the fault suite).</summary>
public static class CitizenReferences
{
    /// <summary>A new random reference, letters only: a run of digits could look like a CPR number, which a reference must not.</summary>
    public static string New() =>
        "ref-" + string.Concat(Guid.NewGuid().ToString("N")[..16].Select(c => char.IsDigit(c) ? (char)('g' + c - '0') : c));
}
