using Npgsql;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>
/// The service nodes on one pool of databases, and the round robin the clients use to reach them (a load balancer's
/// view: a node being killed or stopped is taken out first, a restarted one put back). Wolverine's node tables are in
/// the control database; <paramref name="pool"/> is the pool's databases by id.
/// </summary>
public sealed class Nodes(Dictionary<string, string> settings, string control, IReadOnlyDictionary<string, string> pool) : IAsyncDisposable
{
    private readonly List<Node> _live = [];
    private readonly Lock _gate = new();
    private long _turn;

    /// <summary>Starts a node and learns Wolverine's number for it (the one row its start added to the node table).</summary>
    public async Task<Node> StartAsync()
    {
        var before = await NodeNumbersAsync();
        var process = await ServiceProcess.StartAsync(settings, "Production");
        for (var tries = 0; ; tries++)
        {
            var added = (await NodeNumbersAsync()).Except(before).ToList();
            if (added.Count == 1)
            {
                var node = new Node(process, added[0]);
                lock (_gate) _live.Add(node);
                return node;
            }
            if (tries == 100) throw new InvalidOperationException($"node {process.ProcessId} did not register alone: {added.Count} new rows");
            await Task.Delay(100);
        }
    }

    /// <summary>The next node in turn.</summary>
    public Node Next()
    {
        lock (_gate) return _live[(int)(Interlocked.Increment(ref _turn) % _live.Count)];
    }

    public IReadOnlyList<Node> Live
    {
        get { lock (_gate) return [.. _live]; }
    }

    public void TakeOut(Node node)
    {
        lock (_gate) _live.Remove(node);
    }

    private async Task<List<int>> NodeNumbersAsync()
    {
        await using var connection = new NpgsqlConnection(control);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select node_number from wolverine.wolverine_nodes", connection);
        var numbers = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) numbers.Add(reader.GetInt32(0));
        return numbers;
    }

    /// <summary>
    /// The node running each pool database's evaluation projection, by Wolverine's node assignment table: an agent per
    /// database, its row naming the node (none while it is unassigned, e.g. right after its node died). The agent's id
    /// names the database by host and database name (<c>…/127!0!0!1.pool_a/casefacts/all</c>), not by the pool's id.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int?>> ProjectionOwnersAsync(CancellationToken ct = default)
    {
        var agents = new List<(string Agent, int Node)>();
        await using (var connection = new NpgsqlConnection(control))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                "select a.id, n.node_number from wolverine.wolverine_node_assignments a join wolverine.wolverine_nodes n "
                + "on n.id = a.node_id where a.id like 'event-subscriptions://%/casefacts/all'", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) agents.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return pool.ToDictionary(p => p.Key, p =>
        {
            var name = new NpgsqlConnectionStringBuilder(p.Value).Database;
            return agents.Where(a => a.Agent.EndsWith($".{name}/casefacts/all", StringComparison.Ordinal))
                .Select(a => (int?)a.Node).FirstOrDefault();
        });
    }

    /// <summary>Stops every node (SIGTERM), as an operator does before a bulk command.</summary>
    public async Task StopAllAsync()
    {
        foreach (var node in Live)
        {
            TakeOut(node);
            await node.Process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAllAsync();
}

/// <summary>A service process and Wolverine's number for it.</summary>
public sealed record Node(ServiceProcess Process, int Number)
{
    public Uri Url => Process.Url;
}
