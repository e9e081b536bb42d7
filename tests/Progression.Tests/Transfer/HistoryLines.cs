using System.Text.Json;
using Npgsql;
using Progression.Api.Transfer;
using Progression.Domain.Cases;
using Progression.Harness;
using Progression.Tests.Infrastructure;
using Progression.Tests.Seeding;

namespace Progression.Tests.Transfer;

/// <summary>Lines of an import file, written as the export writes them, and the example file's lines.</summary>
public static class HistoryLines
{
    private static readonly JsonSerializerOptions Json = CaseHistoryLine.Json(GeneratedCommands.ViewJson);

    /// <summary>schema/import/example.jsonl: a closed adult case in 0101 (13 events) and an open youth case in 0751 (6 events).</summary>
    public static IReadOnlyList<string> Example { get; } =
        File.ReadAllLines(Path.Combine(ServiceProcess.RepositoryRoot, "schema", "import", "example.jsonl"));

    /// <summary>A line of the events (every field written, as stored), each recorded when it happened unless said otherwise.</summary>
    public static string Line(Guid caseId, string municipality, params (object Event, DateTimeOffset? RecordedAt)[] events) =>
        JsonSerializer.Serialize(new CaseHistoryLine(caseId, municipality, [.. events.Select((e, i) => new RecordedEvent(
            EventContracts.NameOf(e.Event.GetType()), i + 1, e.RecordedAt ?? ((ICaseEvent)e.Event).HappenedAt,
            JsonSerializer.SerializeToElement(e.Event, e.Event.GetType(), GeneratedCommands.ViewJson)))]), Json);
}

/// <summary>A database of the test's own, and the service's command line run against it as a process.</summary>
public sealed class TransferDatabase(string connectionString) : IAsyncDisposable
{
    public string ConnectionString => connectionString;

    public static async Task<TransferDatabase> CreateAsync(string name) =>
        new(await (await PostgresServer.Instance).CreateDatabaseAsync(name));

    /// <summary>Runs a command (seed, export, import …) of the service against this database.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        ServiceProcess.RunAsync(arguments, new Dictionary<string, string> { ["ConnectionStrings:Progression"] = connectionString });

    public Task<List<string>> RowsAsync(string sql, params object[] parameters) => DatabaseRows.RowsAsync(connectionString, sql, parameters);

    public async ValueTask DisposeAsync() => await (await PostgresServer.Instance).DropDatabaseAsync(connectionString);
}
