using System.Text.Json;
using Progression.Harness;

namespace Progression.Tests.Hosting;

/// <summary>
/// The fault suite's short version (the long one is <c>./run.sh reliability --minutes 10</c>, docs/reliability.md):
/// two nodes on one PostgreSQL under load while the database restarts, the projection's node is killed, two nodes race
/// for one case and a node stops with requests in flight; then the ledger against the store and the read models against a rebuild from the events.
/// </summary>
public class ReliabilityTests
{
    [Fact]
    public async Task Two_nodes_under_load_lose_no_acknowledged_write_through_an_outage_a_kill_races_and_a_stop()
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
