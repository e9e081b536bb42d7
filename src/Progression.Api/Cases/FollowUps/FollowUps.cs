using JasperFx;
using Marten;
using Npgsql;
using Progression.Api.Hosting;
using Progression.Api.ReadModels;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Cases.FollowUps;

/// <summary>
/// Records follow-ups as they fall due (<see cref="FollowUpRules"/>): the case list keeps each case's next due date in
/// an index, so every few seconds one indexed range read names the cases with something due, however many cases and
/// however much history there are; each of those gets its <see cref="FollowUpDue"/> events against the case as it
/// stands. Nothing is scheduled ahead, so nothing can be lost or pile up: a sweep missed (a restart, a second node
/// racing for the same case) is made good by the next one, and a follow-up is recorded once because the case, not
/// the sweep, says what is still waiting. With municipalities over several databases, each database is swept on its own,
/// so one that does not answer holds up none of the others.
/// </summary>
public sealed class FollowUpSweep(
    IDocumentStore store, MunicipalityDatabases databases, CatalogueModel catalogue, TimeProvider clock, IConfiguration configuration,
    ProgressionMetrics metrics, ILogger<FollowUpSweep> log) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(configuration.GetValue("FollowUps:SweepSeconds", 30.0)));
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Follow-up sweep failed ({Kind}); the next one tries again", ex.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Records every follow-up due by now; answers how many cases it brought up to date.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var swept = await databases.EachAsync(database => SweepAsync(database, now, ct));
        if (swept.Missing.Count > 0) log.LogWarning("Follow-up sweep skipped databases {Databases}: they did not answer", swept.Missing);
        return swept.Parts.Sum();
    }

    private async Task<int> SweepAsync(NpgsqlDataSource database, DateTimeOffset now, CancellationToken ct)
    {
        var done = 0;
        while (true)
        {
            var due = await DueAsync(database, now, ct);
            var recorded = 0;
            foreach (var (municipality, caseId) in due)
                if (await RecordAsync(municipality, caseId, now, ct)) recorded++;
            done += recorded;
            // A full batch means more may wait; a batch that changed nothing (lost races) is left to the next sweep.
            if (due.Count < BatchSize || recorded == 0) return done;
        }
    }

    private static async Task<IReadOnlyList<(string Municipality, Guid CaseId)>> DueAsync(NpgsqlDataSource database, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select tenant_id, id from {ReadModelSchema.Schema}.{ReadModelSchema.CaseList} "
            + "where next_follow_up_at <= $1 order by next_follow_up_at limit $2");
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = BatchSize });
        var due = new List<(string, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) due.Add((reader.GetString(0), reader.GetGuid(1)));
        return due;
    }

    private async Task<bool> RecordAsync(string municipality, Guid caseId, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession(municipality);
        var stream = await session.Events.FetchForWriting<Case>(caseId, ct);
        if (stream.Aggregate is not { } current) return false;
        var due = FollowUpRules.DueBy(current, instrument => CaseList.IntervalDays(catalogue, instrument), now);
        // Nothing due after all (the list row is behind the case): bring the row up to date so the sweep moves on.
        if (due.Count == 0) CaseList.Store(session, current, catalogue);
        else stream.AppendMany(due);
        try
        {
            await session.SaveChangesAsync(ct);
            metrics.FollowUpsRecorded(municipality, due);
            return true;
        }
        catch (ConcurrencyException)
        {
            return false; // a command or another node wrote first: the next sweep looks at the case as it then stands
        }
    }
}
