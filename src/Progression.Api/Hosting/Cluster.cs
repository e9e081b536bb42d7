using Wolverine;

namespace Progression.Api.Hosting;

/// <summary>
/// Any number of service processes (nodes) may serve one database. Wolverine elects a leader among them (a PostgreSQL
/// advisory lock); the leader runs each async projection on exactly one node and moves it when that node stops
/// answering. Nothing else is node-local: scheduled follow-ups and the outbox live in PostgreSQL, the follow-up sweep
/// fires each due date once by optimistic concurrency, and a request may reach any node.
/// </summary>
public static class Cluster
{
    /// <summary>
    /// How quickly a dead node's projections move: each node reports every <c>Cluster:HealthCheckSeconds</c> (5); a node
    /// silent for <c>Cluster:StaleNodeSeconds</c> (20) is dropped; assignments are checked every
    /// <c>Cluster:CheckAssignmentSeconds</c> (10). Wolverine's own defaults (10/60/30 s) take minutes to move a projection.
    /// </summary>
    public static void RunAsCluster(this WolverineOptions opts, IConfiguration configuration)
    {
        var section = configuration.GetSection("Cluster");
        TimeSpan Seconds(string key, double fallback) => TimeSpan.FromSeconds(section.GetValue(key, fallback));
        opts.Durability.Mode = DurabilityMode.Balanced;
        opts.Durability.HealthCheckPollingTime = Seconds("HealthCheckSeconds", 5);
        opts.Durability.StaleNodeTimeout = Seconds("StaleNodeSeconds", 20);
        opts.Durability.CheckAssignmentPeriod = Seconds("CheckAssignmentSeconds", 10);
    }
}
