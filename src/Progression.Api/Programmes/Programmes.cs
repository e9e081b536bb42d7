using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Api.Cases;
using Progression.Api.Hosting;
using Progression.Api.ReadModels;
using Progression.Domain.Guidance;
using Progression.Domain.Privacy;
using Wolverine.Http;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Programmes;

/// <summary>
/// A saved programme: its versions, each the whole definition as it was saved, by whom and when. A document per
/// programme with the versions in it rather than an event stream: a programme is a draft a foundation or a municipality
/// edits and compares, not a citizen's history; nothing reads it as of a past moment but its own versions.
/// </summary>
public sealed record SavedProgramme(Guid Id, string Owner, IReadOnlyList<ProgrammeVersion> Versions)
{
    public ProgrammeVersion Latest => Versions[^1];
}

public sealed record ProgrammeVersion(int Version, DateTimeOffset SavedAt, string SavedBy, Programme Definition);

/// <summary>A new programme, or (with its id and the version last read) a new version of one.</summary>
public sealed record SaveProgramme(Programme Programme, Guid? ProgrammeId = null, int? ExpectedVersion = null);

public sealed record ProgrammeSummary(Guid Id, string Name, string TargetGroup, int Version, DateTimeOffset SavedAt);

/// <summary>
/// The report's second use (chapter 7): a proposed programme held against the matrix. Coordinators check and keep
/// programmes for their municipality, evaluators for themselves across the municipalities they read; demand figures
/// come from the read side's sums, small counts hidden from evaluators as on the dashboard.
/// </summary>
public static class ProgrammeEndpoints
{
    public static void ConfigureProgrammes(this StoreOptions opts) => opts.Schema.For<SavedProgramme>().UseNumericRevisions(true);

    [WolverinePost("/api/programmes/assessment", OperationId = "assessProgramme"), NotTenanted]
    [ProducesResponseType<ProgrammeAssessment>(StatusCodes.Status200OK)]
    public static async Task<IResult> Assess(Programme programme, HttpContext http, CatalogueModel catalogue, MunicipalityDatabases databases,
        IConfiguration configuration)
    {
        if (Faulty(programme, catalogue) is { } problem) return Results.Problem(problem);
        if (Reader.Of(http) is not { } reader) return Results.Problem(WhichMunicipality(http));
        return Results.Ok((await AssessAsync(programme, reader, catalogue, databases, configuration, http.RequestAborted)).Value);
    }

    /// <summary>Assesses a valid programme with demand from the given municipalities (hidden small counts for evaluators).</summary>
    public static async Task<Combined<ProgrammeAssessment>> AssessAsync(Programme programme, Reader reader, CatalogueModel catalogue,
        MunicipalityDatabases databases, IConfiguration configuration, CancellationToken ct)
    {
        var (cases, missing) = await DashboardQueries.BlindSpotCasesAsync(databases, reader.Municipalities, programme.TargetGroup, ct);
        var threshold = configuration.GetValue("Privacy:SuppressionThreshold", 5);
        IReadOnlyList<CellDemand> Demand(IReadOnlyList<Domain.Catalogue.Cell> cells) => [.. cells.Select(c =>
        {
            var count = cases.GetValueOrDefault(c);
            return new CellDemand(c.Factor, c.Level, reader.SuppressSmallCounts && count is > 0 && count < threshold ? null : count);
        })];
        // Demand that leaves out municipalities whose database did not answer says which, beside the counts.
        return new(ProgrammeCheck.Assess(programme, catalogue, (covered, uncovered) =>
            new ProgrammeDemand(Demand(covered), Demand(uncovered)) { MissingMunicipalities = missing }), missing);
    }

    [WolverinePost("/api/programmes", OperationId = "saveProgramme"), NotTenanted]
    [ProducesResponseType<ProgrammeSummary>(StatusCodes.Status200OK)]
    public static async Task<IResult> Save(SaveProgramme command, HttpContext http, IDocumentStore store, CatalogueModel catalogue, TimeProvider clock)
    {
        if (Faulty(command.Programme, catalogue) is { } problem) return Results.Problem(problem);
        if (Reader.Of(http) is not { } reader) return Results.Problem(WhichMunicipality(http));
        await using var session = store.LightweightSession(reader.Owner);
        var earlier = command.ProgrammeId is { } id ? await session.LoadAsync<SavedProgramme>(id, http.RequestAborted) : null;
        if (command.ProgrammeId is { } missing && earlier is null) return Results.Problem(NoSuchProgramme(missing));
        if (earlier is not null && command.ExpectedVersion != earlier.Latest.Version)
            return Results.Problem(Problems.Conflict("expectedVersion", $"the programme is at version {earlier.Latest.Version}: read it again"));
        var version = new ProgrammeVersion((earlier?.Latest.Version ?? 0) + 1, clock.GetUtcNow(), reader.Caller.UserId, command.Programme);
        var saved = earlier is null
            ? new SavedProgramme(Guid.CreateVersion7(clock.GetUtcNow()), reader.Owner, [version])
            : earlier with { Versions = [.. earlier.Versions, version] };
        // The document's revision is its latest version: two saves racing on one version cannot both succeed.
        if (earlier is null) session.Insert(saved);
        else session.UpdateRevision(saved, version.Version);
        await session.SaveChangesAsync(http.RequestAborted);
        return Results.Ok(Summary(saved));
    }

    [WolverineGet("/api/programmes", OperationId = "listProgrammes"), NotTenanted]
    [ProducesResponseType<IReadOnlyList<ProgrammeSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(HttpContext http, IDocumentStore store)
    {
        if (Reader.Of(http) is not { } reader) return Results.Problem(WhichMunicipality(http));
        await using var session = store.QuerySession(reader.Owner);
        var saved = await session.Query<SavedProgramme>().ToListAsync(http.RequestAborted);
        return Results.Ok(saved.Select(Summary).OrderByDescending(p => p.SavedAt).ToList());
    }

    [WolverineGet("/api/programmes/{programmeId}", OperationId = "getProgramme"), NotTenanted]
    [ProducesResponseType<SavedProgramme>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid programmeId, HttpContext http, IDocumentStore store)
    {
        if (Reader.Of(http) is not { } reader) return Results.Problem(WhichMunicipality(http));
        await using var session = store.QuerySession(reader.Owner);
        return await session.LoadAsync<SavedProgramme>(programmeId, http.RequestAborted) is { } saved
            ? Results.Ok(saved)
            : Results.Problem(NoSuchProgramme(programmeId));
    }

    private static ProgrammeSummary Summary(SavedProgramme p) =>
        new(p.Id, p.Latest.Definition.Name, p.Latest.Definition.TargetGroup, p.Latest.Version, p.Latest.SavedAt);

    private static ProblemDetails? Faulty(Programme programme, CatalogueModel catalogue) =>
        ProgrammeCheck.Faults(programme, catalogue) is { Count: > 0 } faults
            ? Problems.Invalid(faults.ToDictionary(f => f.Key, f => new[] { f.Value }))
            : null;

    private static ProblemDetails NoSuchProgramme(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound, Title = "No such programme", Detail = $"There is no programme {id} that you keep.",
    };

    private static ProblemDetails WhichMunicipality(HttpContext http) => new()
    {
        Status = StatusCodes.Status400BadRequest, Title = "Which municipality?",
        Detail = $"Your token grants {Caller.From(http.User).Municipalities.Count} municipalities: name one in the {MunicipalityTenancy.Header} header.",
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [MunicipalityTenancy.Header] = ["is required"] } },
    };
}

/// <summary>
/// Who checks programmes and whose they are: a coordinator works for one municipality (theirs, or the one picked) and
/// keeps programmes there; an evaluator reads every municipality the token grants and keeps programmes of their own.
/// </summary>
public sealed record Reader(Caller Caller, IReadOnlyList<string> Municipalities, string Owner)
{
    public const string EvaluatorOwnerPrefix = "evaluator:";

    public bool SuppressSmallCounts => Caller.IsEvaluatorOnly;

    public static Reader? Of(HttpContext http)
    {
        var caller = Caller.From(http.User);
        if (caller.IsEvaluatorOnly) return new Reader(caller, caller.Municipalities, EvaluatorOwnerPrefix + caller.UserId);
        return MunicipalityTenancy.FromRequest(http) is { } municipality ? new Reader(caller, [municipality], municipality) : null;
    }
}
