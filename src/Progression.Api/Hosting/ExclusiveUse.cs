using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// Who may write to the database besides the commands: a running service holds a shared advisory lock for as long as
/// it runs (any number of nodes together); a bulk load (seed, import) takes it exclusively, so it never runs beside a
/// service whose projections would count what it loads a second time.
/// </summary>
public static class ExclusiveUse
{
    // An arbitrary key of our own in PostgreSQL's advisory lock space ("progress" in ASCII).
    private const long Key = 0x70726f6772657373;

    /// <summary>Takes the lock exclusively, or says why not; holding it lasts until the result is disposed.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"select pg_try_advisory_lock({Key})", connection);
        if (await command.ExecuteScalarAsync(ct) is true) return connection;
        await connection.DisposeAsync();
        throw new InvalidOperationException("A Progression service is running on this database: stop it first (a bulk load runs alone).");
    }

    /// <summary>Held by every running service: a bulk load waits for none, it refuses to start.</summary>
    public sealed class Shared(NpgsqlDataSource database) : IHostedService, IAsyncDisposable
    {
        private NpgsqlConnection? _connection;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"select pg_advisory_lock_shared({Key})", _connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

        public async ValueTask DisposeAsync()
        {
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
