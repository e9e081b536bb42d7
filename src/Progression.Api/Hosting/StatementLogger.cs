using JasperFx;
using Marten;
using Marten.Services;
using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// Marten's statement log without the statements' parameters: those hold event bodies (free-text notes, citizen
/// references), which would outlive an erasure in the logs. A failure says what kind it was (its SQL state) and how
/// grave: a lost race for a stream (unique violation, or a version mismatch) is the client's conflict, an unreachable
/// database a warning, anything else an error. Successful statements are not logged.
/// </summary>
public sealed class StatementLogger(ILogger<StatementLogger> log) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => log.LogDebug("Schema changed ({Length} characters of DDL)", sql.Length);

    public void LogSuccess(NpgsqlCommand command) { }

    public void LogSuccess(NpgsqlBatch batch) { }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, 1);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(ex, batch.BatchCommands.Count);

    public void LogFailure(Exception ex, string message) => Failed(ex, 0);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    /// <summary>What Marten's quick append raises when a stream moved on since it was read: a lost race.</summary>
    private const string StreamVersionMismatch = "MT003";

    private void Failed(Exception ex, int statements)
    {
        var state = (ex as PostgresException ?? ex.InnerException as PostgresException)?.SqlState;
        // Marten 9.62 hands the logger MT003 already translated into its concurrency exception.
        var lostRace = ex is ConcurrencyException || state is PostgresErrorCodes.UniqueViolation or StreamVersionMismatch;
        var level = lostRace ? LogLevel.Information
            : DatabaseUnavailableHandler.IsUnavailable(ex) ? LogLevel.Warning
            : LogLevel.Error;
        log.Log(level, "Marten statement failed: {Kind} (SQL state {SqlState}, {Statements} statements)",
            ex.GetType().Name, state ?? "none", statements);
    }
}
