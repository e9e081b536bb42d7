using System.Text.Json;
using Progression.Harness;

namespace Progression.Tests.Hosting;

/// <summary>
/// The fault suite's short version (the long one is <c>./run.sh reliability --minutes 10</c>, docs/reliability.md):
/// two nodes on a pool of two databases on two local PostgreSQL clusters, under load while the first cluster (control
/// database and database a) restarts, then the second (database b), the node of a's projection is killed, two nodes race
/// for one case and a node stops with requests in flight; then the ledger against both databases and the read models
/// against a rebuild from the events.
/// </summary>
public class ReliabilityTests
{
    [Fact]
    public async Task Two_nodes_on_two_databases_lose_no_acknowledged_write_through_outages_a_kill_races_and_a_stop()
    {
        var (exit, result, log) = await ToolRun.RunAsync("tests/Progression.Reliability",
            ["--minutes", "1.5", "--writers", "8", "--readers", "2"], TimeSpan.FromMinutes(8));
        Assert.True(exit == 0, log);

        var checks = result!.Value.GetProperty("checks");
        long Figure(string check, string name) => checks.GetProperty(check).GetProperty(name).GetInt64();
        Assert.True(Figure("ledger", "acknowledged") > 100, log);
        Assert.Equal(0, Figure("ledger", "lost"));
        Assert.Equal(0, Figure("ledger", "landedTwice"));
        Assert.True(Figure("databaseOutage", "answered503") > 0, log);
        // One of two databases down: the other's municipality goes on, the down one's answers 503, figures say what they lack.
        var second = checks.GetProperty("secondDatabaseDown");
        Assert.True(second.GetProperty("acknowledgedWhileDown").GetProperty("0101").GetInt64() > 0, log);
        Assert.True(Figure("secondDatabaseDown", "answered503OnB") > 0, log);
        Assert.Equal(0, Figure("secondDatabaseDown", "answered503Others"));
        Assert.Contains("MUNICIPALITIES_MISSING], missing [0751]", second.GetProperty("figuresWhileDown").GetString());
        Assert.Equal(Figure("followUps", "due"), Figure("followUps", "recorded"));
        Assert.Equal(0, Figure("followUps", "recordedTwice"));
        Assert.Equal(10, Figure("crossNodeRaces", "oneWonOneConflicted"));
        Assert.NotEqual(Figure("nodeKilled", "killedNode"), Figure("nodeKilled", "takenOverBy"));
        Assert.Equal(0, Figure("stopWithRequestsInFlight", "exitCode"));
        Assert.Equal(0, Figure("answers", "serverErrors"));
        Assert.True(Figure("rebuild", "rows") > 0, log);
        Assert.Empty(checks.GetProperty("rebuild").GetProperty("differing").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, result.Value.GetProperty("failures").ValueKind);
        Assert.Empty(result.Value.GetProperty("failures").EnumerateArray());
    }
}
