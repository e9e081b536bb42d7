using Marten;
using Marten.Storage;
using Npgsql;
using Weasel.Postgresql;

namespace Progression.Api.Hosting;

/// <summary>One database of the store: its name in the pool (or Marten's for the single one) and its connections.</summary>
public sealed record Database(string Id, NpgsqlDataSource DataSource);

/// <summary>
/// Reads that span several databases: each database's part, and what is missing because its database did not answer
/// (municipalities, or databases when the read is over all of them). A figure combined from the parts says so.
/// </summary>
public sealed record Spread<T>(IReadOnlyList<T> Parts, IReadOnlyList<string> Missing);

/// <summary>A figure combined from every database's part, and what it leaves out (nothing, normally).</summary>
public sealed record Combined<T>(T Value, IReadOnlyList<string> Missing);

/// <summary>
/// Which database holds a municipality's data, as Marten's tenancy says: the one database, or the database the pool
/// placed the municipality on (<see cref="DatabasePool"/>). The read side's SQL goes where Marten's sessions go.
/// </summary>
public sealed class MunicipalityDatabases(IDocumentStore store)
{
    private ITenancy Tenancy => store.Options.Tenancy;

    /// <summary>Municipalities spread over a pool (<see cref="DatabasePool"/>), rather than all in one database.</summary>
    public bool Pooled => Tenancy is ShardedTenancy;

    private IReadOnlyList<Database> _lastKnownPool = [];
    private long _lastRead;

    /// <summary>The database a municipality's data lives on; in a pool, a municipality seen for the first time is placed.</summary>
    public async ValueTask<NpgsqlDataSource> OfAsync(string municipality) =>
        Of(Pooled ? await Tenancy.FindOrCreateDatabase(municipality) : store.Storage.Database).DataSource;

    /// <summary>
    /// Every database, for work over all of them (the follow-up sweep, health, bulk loads). The pool is read from its
    /// registry in the control database; while that does not answer, the pool as last read serves, so the databases that
    /// do answer are still swept and reported.
    /// </summary>
    public async Task<IReadOnlyList<Database>> AllAsync()
    {
        if (!Pooled) return [Of(store.Storage.Database)];
        try
        {
            _lastKnownPool = [.. (await store.Storage.AllDatabases()).Select(Of)];
            _lastRead = Environment.TickCount64;
            return _lastKnownPool;
        }
        catch (Exception e) when (DatabaseUnavailableHandler.IsUnavailable(e) && _lastKnownPool.Count > 0)
        {
            return _lastKnownPool;
        }
    }

    /// <summary>
    /// The municipalities grouped by the database each lives on, without placing any: a municipality the pool has not
    /// placed has no data, so it is in no group.
    /// </summary>
    public async Task<IReadOnlyList<(Database Database, string[] Municipalities)>> GroupAsync(IReadOnlyList<string> municipalities)
    {
        if (!Pooled) return [(Of(store.Storage.Database), [.. municipalities])];
        var placed = await PlacedAsync(municipalities);
        // A placement made by another node since this one last looked is found by reading the pool's registry again,
        // at most every few seconds: an evaluator's token may name municipalities that have no data anywhere.
        if (placed.Any(p => p.Database is null) && Environment.TickCount64 - _lastRead > RereadMilliseconds)
        {
            await AllAsync();
            placed = await PlacedAsync(municipalities);
        }
        return [.. placed.Where(p => p.Database is not null).GroupBy(p => p.Database!.Id)
            .Select(g => (g.First().Database!, g.Select(p => p.Municipality).ToArray()))];
    }

    private const long RereadMilliseconds = 5_000;

    private async Task<(string Municipality, Database? Database)[]> PlacedAsync(IReadOnlyList<string> municipalities) =>
        await Task.WhenAll(municipalities.Select(async m => (m, await Tenancy.TryFindDatabase(m) is { } d ? Of(d) : null)));

    // The pool's own name for a database (a name, where the Id value object would name the server too).
#pragma warning disable CS0618
    private static Database Of(IMartenDatabase database) => new(database.Identifier, ((PostgresqlDatabase)database).DataSource);
#pragma warning restore CS0618

    /// <summary>
    /// <paramref name="read"/> on each database for its municipalities, all at once. A database that does not answer
    /// leaves its municipalities missing rather than failing the whole read, unless no database answered.
    /// </summary>
    public async Task<Spread<T>> AcrossAsync<T>(IReadOnlyList<string> municipalities, Func<NpgsqlDataSource, string[], Task<T>> read) =>
        await ReadEachAsync(await GroupAsync(municipalities), g => read(g.Database.DataSource, g.Municipalities), g => g.Municipalities);

    /// <summary><paramref name="read"/> on every database at once; those that do not answer are named as missing.</summary>
    public async Task<Spread<T>> EachAsync<T>(Func<NpgsqlDataSource, Task<T>> read) =>
        await ReadEachAsync(await AllAsync(), d => read(d.DataSource), d => [d.Id]);

    private static async Task<Spread<T>> ReadEachAsync<TPart, T>(IReadOnlyList<TPart> parts, Func<TPart, Task<T>> read,
        Func<TPart, IEnumerable<string>> names)
    {
        var results = await Task.WhenAll(parts.Select(async part =>
        {
            try { return (Value: await read(part), Error: (Exception?)null); }
            catch (Exception e) when (DatabaseUnavailableHandler.IsUnavailable(e)) { return (Value: default(T)!, Error: e); }
        }));
        if (results.Length > 0 && results.All(r => r.Error is not null)) throw results[0].Error!;
        return new Spread<T>([.. results.Where(r => r.Error is null).Select(r => r.Value)],
            [.. parts.Zip(results).Where(p => p.Second.Error is not null).SelectMany(p => names(p.First)).Order()]);
    }
}
