using Npgsql;
using Progression.Api.Hosting;

namespace Progression.Api.ReadModels;

/// <summary>What the async daemon last recorded for a projection's shard.</summary>
public enum ProjectionRunState { NotStarted, Running, Paused, Stopped }

/// <summary>
/// The CaseFacts projection as the daemon recorded it in Marten's <c>mt_event_progression</c> (extended progression
/// tracking: status, failure category, the event it failed on). Read from the database, not from this process's
/// daemon, so every node gives the same answer whichever node runs the projection, in Solo mode or under
/// Wolverine-managed distribution. The answer holds no event data: the failure is a category and a sequence number.
/// </summary>
public sealed record ProjectionState(
    string Projection,
    ProjectionRunState State,
    long HighWaterMark,
    long ProjectedThrough,
    string? Failure,
    long? FailedAtSequence)
{
    public const string CaseFacts = nameof(Progression.Domain.Analytics.CaseFacts);

    public long Behind => Math.Max(0, HighWaterMark - ProjectedThrough);

    /// <summary>Stopped by an event it could not read or apply: nothing after that event reaches the dashboards.</summary>
    public bool Faulted => Failure is not null && State is ProjectionRunState.Paused or ProjectionRunState.Stopped;

    /// <summary>
    /// Several databases' projections as one: positions added up (so is how far behind), and the state of the one that
    /// matters most: a fault first, then a stop, then one not started although its database holds events.
    /// </summary>
    public static ProjectionState Combine(IReadOnlyList<ProjectionState> parts) => parts is [var one] ? one
        : parts.OrderBy(p => p.Faulted ? 0 : p.HighWaterMark == 0 ? 4 : p.State switch
            {
                ProjectionRunState.Paused or ProjectionRunState.Stopped => 1, ProjectionRunState.NotStarted => 2, _ => 3,
            }).First() with
            {
                HighWaterMark = parts.Sum(p => p.HighWaterMark), ProjectedThrough = parts.Sum(p => p.ProjectedThrough),
            };

    /// <summary>Every database's projection as one (<see cref="Combine"/>), and the databases that did not answer.</summary>
    public static async Task<Combined<ProjectionState>> ReadAllAsync(MunicipalityDatabases databases, CancellationToken ct)
    {
        var parts = await databases.EachAsync(database => ReadAsync(database, ct));
        return new(Combine(parts.Parts), parts.Missing);
    }

    /// <summary>
    /// The sequence's last value against every CaseFacts shard's progress (the least wins, a faulted shard first):
    /// one statement over two small tables.
    /// </summary>
    public static async Task<ProjectionState> ReadAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            "select case when s.is_called then s.last_value else 0 end, p.last_seq_id, p.agent_status, p.failure_category, "
            + "p.failure_event_sequence from progression.mt_events_sequence s "
            + "left join progression.mt_event_progression p on p.name like $1 "
            + "order by p.failure_category is null, p.last_seq_id");
        command.Parameters.Add(new NpgsqlParameter { Value = CaseFacts + ":%" });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var highWaterMark = reader.GetInt64(0);
        if (reader.IsDBNull(1)) return new(CaseFacts, ProjectionRunState.NotStarted, highWaterMark, 0, null, null);
        return new(CaseFacts,
            Enum.TryParse<ProjectionRunState>(reader.IsDBNull(2) ? null : reader.GetString(2), out var state) ? state : ProjectionRunState.Running,
            highWaterMark,
            reader.GetInt64(1),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4));
    }
}
