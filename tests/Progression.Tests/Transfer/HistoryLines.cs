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

    public Task<List<string>> RowsAsync(string sql, params object[] parameters) => RowsAsync(connectionString, sql, parameters);

    /// <summary>The rows a query answers, each as its columns' text joined by '|' (null as '∅').</summary>
    public static async Task<List<string>> RowsAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Text(reader.GetValue(i)))));
        return rows;
    }

    private static string Text(object value) => value switch
    {
        DateTime at => at.ToString("O"),
        Array items => string.Join(',', items.Cast<object>()),
        _ => value.ToString()!,
    };

    public async ValueTask DisposeAsync() => await (await PostgresServer.Instance).DropDatabaseAsync(connectionString);
}
