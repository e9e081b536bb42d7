using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Progression.Harness;
using Progression.Reliability;

// The fault suite (./run.sh reliability --minutes N): two nodes of the service on a pool of two databases (two fresh
// PostgreSQL clusters) under sustained load, faults on a timeline, then the ledger against the store. Exits 1 if any
// check failed.
// Usage: dotnet run -c Release --project tests/Progression.Reliability -- [--minutes 10] [--writers 16] [--readers 4]
// [--out bench/results/reliability.json]
string Flag(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var minutes = double.Parse(Flag("--minutes", "10"), CultureInfo.InvariantCulture);
var writers = int.Parse(Flag("--writers", "16"), CultureInfo.InvariantCulture);
var readers = int.Parse(Flag("--readers", "4"), CultureInfo.InvariantCulture);
var output = Flag("--out", Path.Combine(ServiceProcess.RepositoryRoot, "bench", "results", "reliability.json"));

Console.WriteLine($"== fault suite: {minutes} min, {writers} writers, {readers} readers, two nodes, two databases");
var (report, failures) = await new Suite(TimeSpan.FromMinutes(minutes), writers, readers).RunAsync();
var result = new JsonObject
{
    ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", ["at"] = DateTimeOffset.UtcNow,
    ["minutes"] = minutes, ["writers"] = writers, ["readers"] = readers, ["checks"] = report,
    ["failures"] = new JsonArray([.. failures.Select(f => (JsonNode)f)]),
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine(failures.Count == 0 ? "every check passed" : string.Join(Environment.NewLine, failures.Select(f => $"FAILED {f}")));
Console.WriteLine($"written to {output}");
return failures.Count == 0 ? 0 : 1;
