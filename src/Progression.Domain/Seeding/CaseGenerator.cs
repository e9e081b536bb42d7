using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Domain.Seeding;

/// <summary>
/// How many cases to generate, spread over which municipalities (kommunekoder, the first weighted most), from which seed,
/// and the moment they are generated at: no event lies after it, and cases open in the three years before it.
/// </summary>
public sealed record SeedOptions(int Cases, IReadOnlyList<string> Municipalities, int Seed, DateTimeOffset Now);

/// <summary>A generated case: its id, municipality and target group, and its events in time order, CaseOpened first.</summary>
public sealed record GeneratedCase(Guid Id, string Municipality, string TargetGroup, IReadOnlyList<object> Events);

/// <summary>
/// Realistic synthetic case histories as domain events (distributions in docs/seed-data.md), obeying every rule the
/// commands enforce. Deterministic for the options; cases come one at a time, so any number can be streamed.
/// </summary>
public static class CaseGenerator
{
    public static IEnumerable<GeneratedCase> Generate(CatalogueModel catalogue, SeedOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Cases);
        if (options.Municipalities.Count == 0)
            throw new ArgumentException("Name at least one municipality.", nameof(options));
        if (options.Municipalities.FirstOrDefault(m => Kommunekoder.Find(m) is null) is { } unknown)
            throw new ArgumentException($"'{unknown}' is not a Danish kommunekode.", nameof(options));
        if (options.Municipalities.Distinct().Count() != options.Municipalities.Count)
            throw new ArgumentException("A municipality is named twice.", nameof(options));
        // Checked and planned now, generated lazily: a bad option fails at the call, not at the first MoveNext.
        return Cases(new SeedPlan(catalogue, options), options.Cases);
    }

    private static IEnumerable<GeneratedCase> Cases(SeedPlan plan, int count)
    {
        var pathway = new Pathway(plan);
        for (var index = 0; index < count; index++) yield return pathway.Generate(index);
    }
}
