using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Api.Cases.Citizens;
using Progression.Api.ReadModels;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;
using Wolverine.Http;

namespace Progression.Api.Cases.Erasure;

public sealed record EraseCitizen(string Reason);

/// <summary>The erasure itself, recorded: which cases, by whom, when and why — never whom.</summary>
public sealed record ErasureRecord(Guid Id, IReadOnlyList<Guid> Cases, string ErasedBy, string Reason, DateTimeOffset ErasedAt);

/// <summary>
/// Erases a citizen (administrators only). First, in each of the citizen's case streams, the reference and every
/// free-text field are masked in place (Marten's protected-information masking) and the idempotency keys and read
/// purposes forgotten — steps that can run twice. Then, in one transaction, the identity document is deleted, each case
/// view rebuilt from its masked events, and an <see cref="ErasureRecord"/> stored. A failure anywhere leaves the
/// reference findable, so the erasure can simply be repeated. The anonymous course of the case stays for statistics.
/// See docs/PRIVACY.md.
/// </summary>
public static class EraseCitizenEndpoint
{
    /// <summary>The masking rules: every free-text field a person might have typed something identifying into.</summary>
    public static void AddMaskingRules(this StoreOptions opts)
    {
        const string mask = Domain.Cases.Erasure.Mask;
        static string? Optional(string? text) => text is null ? null : mask;
        opts.Events.AddMaskingRuleForProtectedInformation<CaseOpened>(e => e with { CitizenReference = mask });
        opts.Events.AddMaskingRuleForProtectedInformation<RiskFactorRegistered>(e => e with { Note = Optional(e.Note) });
        opts.Events.AddMaskingRuleForProtectedInformation<RiskFactorCleared>(e => e with { Note = Optional(e.Note) });
        opts.Events.AddMaskingRuleForProtectedInformation<BarrierIdentified>(e => e with { Description = Optional(e.Description) });
        opts.Events.AddMaskingRuleForProtectedInformation<BarrierResolved>(e => e with { Note = Optional(e.Note) });
        opts.Events.AddMaskingRuleForProtectedInformation<InterventionCompleted>(e => e with { Note = Optional(e.Note) });
        opts.Events.AddMaskingRuleForProtectedInformation<InterventionDroppedOut>(e => e with { Reason = mask });
        opts.Events.AddMaskingRuleForProtectedInformation<OutcomeReached>(e => e with { Note = Optional(e.Note) });
        opts.Events.AddMaskingRuleForProtectedInformation<OutcomeLost>(e => e with { Reason = Optional(e.Reason) });
        opts.Events.AddMaskingRuleForProtectedInformation<CaseClosed>(e => e with { Reason = mask });
        opts.Events.AddMaskingRuleForProtectedInformation<CaseReopened>(e => e with { Reason = Optional(e.Reason) });
    }

    public static ProblemDetails Validate(EraseCitizen command) =>
        Problems.Text("reason", command.Reason, 500, required: true) ?? WolverineContinue.NoProblems;

    [WolverinePost("/api/citizens/{reference}/erasure", OperationId = "eraseCitizen")]
    [ProducesResponseType<ErasureRecord>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(string reference, EraseCitizen command, IDocumentStore store, MunicipalityDatabases databases,
        CatalogueModel catalogue, HttpContext http)
    {
        var municipality = MunicipalityTenancy.FromRequest(http)!;
        var ct = http.RequestAborted;
        await using var session = store.LightweightSession(municipality);
        var cases = await CitizenReferences.CasesOf(session, reference, ct);
        if (cases.Count == 0 && await session.LoadAsync<CitizenIdentity>(reference, ct) is null)
            return Results.Problem(new ProblemDetails { Status = 404, Title = "Nothing to erase", Detail = "No case or identity has this reference." });

        foreach (var caseId in cases)
            await store.Advanced.ApplyEventDataMasking(x => x.ForTenant(municipality).IncludeStream(caseId), ct);
        await ForgetFreeTextAround(await databases.OfAsync(municipality), cases, ct);

        session.Delete<CitizenIdentity>(reference);
        foreach (var caseId in cases)
        {
            var erased = (await session.Events.AggregateStreamAsync<Case>(caseId, token: ct))!;
            session.Store(erased);
            // An erased case waits for no follow-up: its list row says so.
            CaseList.Store(session, erased, catalogue);
            session.Store((await session.Events.AggregateStreamAsync<Domain.Analytics.CaseFacts>(caseId, token: ct))!);
        }
        var record = new ErasureRecord(Guid.CreateVersion7(), cases, Caller.From(http.User).UserId, command.Reason, DateTimeOffset.UtcNow);
        session.Store(record);
        await session.SaveChangesAsync(ct);
        return Results.Ok(record);
    }

    /// <summary>
    /// Free text that lives beside the events: client-chosen idempotency keys in event headers, and the purposes
    /// staff gave when reading the case (the audit records themselves, who read and when, stay).
    /// </summary>
    private static async Task ForgetFreeTextAround(NpgsqlDataSource database, IReadOnlyList<Guid> cases, CancellationToken ct)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "update progression.mt_events set headers = headers - 'idempotency-key' - 'idempotency-request-hash' "
            // Quick appends store an event without headers as a JSON null, which has no keys to remove.
            + "where stream_id = any($1) and jsonb_typeof(headers) = 'object'")
        { Parameters = { new() { Value = cases.ToArray() } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "update progression.mt_doc_caseread set data = jsonb_set(data, '{purpose}', 'null') where (data->>'caseId')::uuid = any($1)")
        { Parameters = { new() { Value = cases.ToArray() } } });
        await batch.ExecuteNonQueryAsync(ct);
    }
}
