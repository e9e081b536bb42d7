using Npgsql;
using Progression.Harness;

namespace Progression.Reliability;

/// <summary>
/// The service nodes on one database, and the round robin the clients use to reach them (a load balancer's view: a
/// node being killed or stopped is taken out first, a restarted one put back).
/// </summary>
public sealed class Nodes(Dictionary<string, string> settings, string connectionString) : IAsyncDisposable
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
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select node_number from wolverine.wolverine_nodes", connection);
        var numbers = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) numbers.Add(reader.GetInt32(0));
        return numbers;
    }

    /// <summary>
    /// The node running the evaluation projection, by Wolverine's node assignment table: the agent's row names the node
    /// (null while it is unassigned, e.g. right after its node died).
    /// </summary>
    public async Task<int?> ProjectionOwnerAsync(CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "select n.node_number from wolverine.wolverine_node_assignments a "
            + "join wolverine.wolverine_nodes n on n.id = a.node_id where a.id like 'event-subscriptions://%/casefacts/all'", connection);
        return await command.ExecuteScalarAsync(ct) as int?;
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
