using System.Text.Json;
using Progression.Harness;

namespace Progression.Tests.Browser;

/// <summary>
/// The report's tables as the catalogue's JSON files under schema/catalogue state them, read without the service's
/// loader or rules: what the guidance tests expect the pages to show.
/// </summary>
public static class CatalogueTables
{
    private static JsonElement Read(params string[] path) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine([ServiceProcess.RepositoryRoot, "schema", "catalogue", .. path]))).RootElement;

    private static bool In(JsonElement cells, string factor, string level) =>
        cells.ValueKind == JsonValueKind.Array
        && cells.EnumerateArray().Any(c => c.GetProperty("factor").GetString() == factor && c.GetProperty("level").GetString() == level);

    /// <summary>The interventions the group's table places in a cell: id and evidence grade.</summary>
    public static List<(string Id, string Evidence)> InterventionsIn(string group, string factor, string level) =>
        [.. Read(group, "interventions.json").GetProperty("interventions").EnumerateArray()
            .Where(i => In(i.GetProperty("cells"), factor, level))
            .Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("evidence").GetString()!))];

    /// <summary>The interventions of the other group that a sign under the group's table points to from a cell, and the sign.</summary>
    public static List<(string Id, string Symbol)> MarkedIn(string group, string factor, string level) =>
        [.. Read(group, "interventions.json").GetProperty("markers").EnumerateArray()
            .Where(m => m.TryGetProperty("refersTo", out var to) && to.ValueKind == JsonValueKind.String && m.TryGetProperty("cells", out var cells) && In(cells, factor, level))
            .Select(m => (m.GetProperty("refersTo").GetString()!, m.GetProperty("symbol").GetString()!))];

    /// <summary>The ids of the barriers the group's table places in a cell.</summary>
    public static List<string> BarriersIn(string group, string factor, string level) =>
        [.. Read(group, "barriers.json").GetProperty("barriers").EnumerateArray()
            .Where(b => b.GetProperty("factor").GetString() == factor && b.GetProperty("level").GetString() == level)
            .Select(b => b.GetProperty("id").GetString()!)];

    /// <summary>The ids of the report's tools for the group.</summary>
    public static List<string> Tools(string group) =>
        [.. Read(group, "tools.json").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    /// <summary>The ids of the common traits of promising interventions (chapter 7).</summary>
    public static List<string> CommonTraits() =>
        [.. Read("catalogue.json").GetProperty("commonTraits").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    /// <summary>The four levels in the report's order.</summary>
    public static List<string> Levels() =>
        [.. Read("catalogue.json").GetProperty("levels").EnumerateArray().OrderBy(l => l.GetProperty("order").GetInt32()).Select(l => l.GetProperty("id").GetString()!)];
}
