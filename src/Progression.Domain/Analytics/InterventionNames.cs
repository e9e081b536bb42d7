using Progression.Domain.Cases;

namespace Progression.Domain.Analytics;

/// <summary>
/// How the analyses name and order interventions. A catalogue intervention is keyed by its catalogue id and named by
/// its Danish name; a local one by "local:" + its local name (so two municipalities' "Jobklub" count as one). The key is
/// what a dashboard links on, the name what it shows.
/// </summary>
public sealed class InterventionNames
{
    public const string LocalPrefix = "local:";

    private readonly Catalogue.Catalogue _catalogue;

    /// <summary>Group (in catalogue order) and number of each catalogue intervention: the report's own numbering.</summary>
    private readonly Dictionary<string, (int Group, int Number)> _positions;

    public InterventionNames(Catalogue.Catalogue catalogue)
    {
        _catalogue = catalogue;
        _positions = catalogue.Groups
            .SelectMany((group, index) => group.Interventions.Select(i => (i.Id, Position: (index, i.Number))))
            .ToDictionary(x => x.Id, x => x.Position);
    }

    public static string Key(CaseIntervention intervention) =>
        intervention.CatalogueIntervention ?? LocalPrefix + intervention.LocalName;

    /// <summary>The catalogue's Danish name; the id itself should the catalogue no longer know it.</summary>
    public string Name(CaseIntervention intervention) => NameOf(Key(intervention));

    /// <summary>The name behind a key: a local intervention's own name, else the catalogue's Danish name (or the id).</summary>
    public string NameOf(string key) =>
        key.StartsWith(LocalPrefix, StringComparison.Ordinal) ? key[LocalPrefix.Length..] : _catalogue.FindIntervention(key)?.NameDa ?? key;

    /// <summary>The catalogue's evidence grade; a local intervention has none.</summary>
    public string? EvidenceOf(string key) => _catalogue.FindIntervention(key)?.Evidence;

    /// <summary>
    /// Catalogue interventions as the report numbers them (group by group, then by number), then any id the catalogue
    /// no longer knows, then local ones by name (ordinal, so the order does not depend on the server's culture).
    /// </summary>
    public IEnumerable<T> InOrder<T>(IEnumerable<T> items, Func<T, string> key, Func<T, string> name) =>
        items.OrderBy(x => Position(key(x)))
            .ThenBy(name, StringComparer.Ordinal)
            .ThenBy(key, StringComparer.Ordinal);

    private (int Group, int Number) Position(string key) =>
        _positions.TryGetValue(key, out var position) ? position
        : key.StartsWith(LocalPrefix, StringComparison.Ordinal) ? (int.MaxValue, 0)
        : (int.MaxValue - 1, 0);
}
