using System.Threading.Channels;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Domain.Cases;
using Weasel.Core;
using Wolverine.Http;

namespace Progression.Api.Cases.Auditing;

/// <summary>
/// One read of a case's details: who (staff user id and role), when, what, and why if a purpose was given.
/// Citizens have a right to know who looked them up (Datatilsynet 2024-32-0283), so every read leaves one.
/// </summary>
public sealed record CaseRead(Guid Id, Guid CaseId, string UserId, string Roles, string What, DateTimeOffset At, string? Purpose);

/// <summary>
/// Writes read records in groups: a read hands its records over and waits until the group they went out with is
/// committed (so no answer leaves without its record), while reads arriving together share one bulk insert instead of
/// a transaction each. A failed write fails the reads that waited on it.
/// </summary>
public sealed class ReadAudit(IDocumentStore store, TimeProvider clock) : BackgroundService
{
    public const string PurposeHeader = "X-Purpose";
    private const int MaxPurposeLength = 200, MaxGroup = 2000;

    private sealed record Pending(string Municipality, IReadOnlyList<CaseRead> Reads, TaskCompletionSource Written);

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Records that the caller read these cases of one municipality; returns once the records are stored.</summary>
    public Task RecordAsync(HttpContext http, string municipality, IEnumerable<Guid> caseIds, string what)
    {
        var caller = Caller.From(http.User);
        var purpose = http.Request.Headers[PurposeHeader].ToString() is { Length: > 0 } given
            ? given[..Math.Min(given.Length, MaxPurposeLength)]
            : null;
        var reads = caseIds.Select(id => new CaseRead(Guid.CreateVersion7(), id, caller.UserId, string.Join(",", caller.Roles.Order()), what,
            clock.GetUtcNow(), purpose)).ToList();
        if (reads.Count == 0) return Task.CompletedTask;
        var pending = new Pending(municipality, reads, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending)) pending.Written.SetException(new InvalidOperationException("The read audit is stopping."));
        return pending.Written.Task.WaitAsync(http.RequestAborted);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>();
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            group.Clear();
            while (group.Sum(p => p.Reads.Count) < MaxGroup && _pending.Reader.TryRead(out var next)) group.Add(next);
            try
            {
                foreach (var municipality in group.GroupBy(p => p.Municipality))
                    await store.BulkInsertDocumentsAsync(municipality.Key, municipality.SelectMany(p => p.Reads), BulkInsertMode.InsertsOnly,
                        cancellation: stoppingToken);
                group.ForEach(p => p.Written.TrySetResult());
            }
            catch (Exception ex)
            {
                group.ForEach(p => p.Written.TrySetException(ex));
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }
}

public static class CaseReadsEndpoint
{
    /// <summary>Who read this case, newest first: for the coordinator answering a citizen's access request.</summary>
    [WolverineGet("/api/cases/{caseId}/reads", OperationId = "getCaseReads")]
    [ProducesResponseType<IReadOnlyList<CaseRead>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid caseId, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Case>(caseId, ct) is null) return Results.Problem(Problems.NoSuchCase(caseId));
        var reads = await session.Query<CaseRead>().Where(r => r.CaseId == caseId).OrderByDescending(r => r.At).ToListAsync(ct);
        return Results.Ok(reads);
    }
}
