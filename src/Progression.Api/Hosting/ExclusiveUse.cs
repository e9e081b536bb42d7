using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// Who may write to the databases besides the commands: a running service holds a shared advisory lock on every
/// database of the store for as long as it runs (any number of nodes together); a bulk load (seed, import, rebuild) takes
/// it exclusively on every one, so it never runs beside a service whose projections would count what it loads a second
/// time.
/// </summary>
public static class ExclusiveUse
{
    // An arbitrary key of our own in PostgreSQL's advisory lock space ("progress" in ASCII).
    private const long Key = 0x70726f6772657373;

    /// <summary>
    /// Takes the lock exclusively on every database, or says why not (releasing those it took); holding it lasts until
    /// the result is disposed.
    /// </summary>
    public static async Task<IAsyncDisposable> AcquireAsync(IReadOnlyList<Database> databases, CancellationToken ct)
    {
        var held = new Connections();
        try
        {
            foreach (var database in databases)
            {
                var connection = await database.DataSource.OpenConnectionAsync(ct);
                held.Add(connection);
                await using var command = new NpgsqlCommand($"select pg_try_advisory_lock({Key})", connection);
                if (await command.ExecuteScalarAsync(ct) is not true)
                    throw new InvalidOperationException(
                        $"A Progression service is running on this database{(databases.Count > 1 ? $" ({database.Id})" : "")}: "
                        + "stop it first (a bulk load runs alone).");
            }
            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The connections holding the lock: closing one ends its hold. Closed once, however many callers: a test host stops
    /// the services while the ending Main disposes them.
    /// </summary>
    private sealed class Connections : IAsyncDisposable
    {
        private List<NpgsqlConnection> _held = [];

        public void Add(NpgsqlConnection connection) => _held.Add(connection);

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in Interlocked.Exchange(ref _held, [])) await connection.DisposeAsync();
        }
    }

    /// <summary>Held by every running service on every database: a bulk load waits for none, it refuses to start.</summary>
    public sealed class Shared(MunicipalityDatabases databases) : IHostedService, IAsyncDisposable
    {
        private readonly Connections _held = new();

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var database in await databases.AllAsync())
            {
                var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
                _held.Add(connection);
                await using var command = new NpgsqlCommand($"select pg_advisory_lock_shared({Key})", connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

        public ValueTask DisposeAsync() => _held.DisposeAsync();
    }
}
