using GraphQL;
using GraphQL.Types;
using Marten;
using Progression.Api.Hosting;
using Progression.Api.Cases.Guidance;
using Progression.Api.Programmes;
using Progression.Api.ReadModels;
using Progression.Domain.Guidance;
using Progression.Api.Access;
using Progression.Api.Cases.Auditing;
using Progression.Api.Cases.Viewing;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Graph;

/// <summary>
/// The read side for dashboards and case lists. Roles per field are metadata enforced by <see cref="FieldAccessRule"/>
/// before anything runs; rows are narrowed by <see cref="GraphCaller"/>; aggregates come from the CaseFacts async
/// projection and hide small counts from evaluators.
/// </summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType(CatalogueModel catalogue, TimeProvider clock)
    {
        Name = "Query";

        Field<NonNullGraphType<CatalogueViewType>>("catalogue")
            .Description("The report's model: groups, risk factors, levels, barriers, interventions with evidence grades and cells, instruments.")
            .Resolve(_ => CatalogueView.Of(catalogue));

        Field<NonNullGraphType<FreshnessType>>("freshness")
            .Description("How far the aggregates (async projection) lag behind the event store, and whether a fault stopped them. Case and cases read the inline view: always current.")
            .ResolveAsync(async ctx => await Freshness(ctx, clock));

        Field<CaseNodeType>("case")
            .Description("One case, now or as recorded at asOf. Audited.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Mentor)
            .ResolveAsync(async ctx => await OneCase(ctx, catalogue));

        Field<NonNullGraphType<ConnectionType<CaseNode, CaseNodeType>>>("cases")
            .Description($"Cases you may see, filtered, ordered and paged (default {CaseLists.DefaultPageSize}, at most {CaseLists.MaxPageSize}). Pseudonymised for evaluators. Audited.")
            .Argument<CaseFilterType>("where")
            .Argument<ListGraphType<NonNullGraphType<CaseOrderType>>>("order")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .Argument<IntGraphType>("last").Argument<StringGraphType>("before")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Mentor, Roles.Evaluator)
            .ResolveAsync(async ctx => await CaseLists.CasesAsync(ctx, Reader(ctx).Caller, catalogue));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HeatmapCellViewType>>>>("matrix")
            .Description("The heatmap: per risk factor × level, barriers identified in the period and their state at its end; interventions in use. "
                         + "Periods are whole months (UTC): from the start of from's month to the end of to's.")
            .Argument<NonNullGraphType<StringGraphType>>("group")
            .Argument<StringGraphType>("municipality")
            .Argument<DateTimeOffsetGraphType>("from").Argument<DateTimeOffsetGraphType>("to")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Evaluator)
            .ResolveAsync(async ctx =>
            {
                var (caller, disclosure) = Reader(ctx);
                var (from, to) = MonthsOf(ctx, "from", "to");
                return disclosure.Heatmap(ctx.Whole(await DashboardQueries.HeatmapAsync(Databases(ctx), catalogue, Municipalities(ctx, caller),
                    Group(ctx, catalogue), from, to, ctx.CancellationToken)));
            });

        Field<NonNullGraphType<ProgressionViewType>>("progression")
            .Description("Score distributions per instrument dimension per period, and the change from each case's first to latest measurement, "
                         + "for all cases, those with a current riskFactor, or those opened from openedFrom to openedTo (whole months, UTC): one filter at a time.")
            .Argument<NonNullGraphType<StringGraphType>>("instrument")
            .Argument<StringGraphType>("group").Argument<StringGraphType>("municipality").Argument<StringGraphType>("riskFactor")
            .Argument<DateTimeOffsetGraphType>("openedFrom").Argument<DateTimeOffsetGraphType>("openedTo")
            .Argument<EnumerationGraphType<ProgressionPeriod>>("by", "MONTHS_SINCE_START (default) or CALENDAR_QUARTER")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Evaluator)
            .ResolveAsync(async ctx =>
            {
                var (caller, disclosure) = Reader(ctx);
                var instrument = catalogue.FindInstrument(ctx.GetArgument<string>("instrument"))
                                 ?? throw new ExecutionError("instrument: not an instrument of the catalogue.");
                var (openedFrom, openedTo) = MonthsOf(ctx, "openedFrom", "openedTo");
                if (ctx.GetArgument<string?>("riskFactor") is not null && (openedFrom is not null || openedTo is not null))
                    throw new ExecutionError("riskFactor and openedFrom/openedTo do not combine: filter by one of them.");
                return disclosure.Progression(ctx.Whole(await DashboardQueries.ProgressionAsync(Databases(ctx), instrument, Municipalities(ctx, caller),
                    ctx.GetArgument<string?>("group"), ctx.GetArgument<string?>("riskFactor"), openedFrom, openedTo,
                    ctx.GetArgument("by", ProgressionPeriod.MonthsSinceStart), ctx.CancellationToken)));
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InterventionOutcomeViewType>>>>("interventionOutcomes")
            .Description("Per intervention started in the period (whole months, UTC): participants, completions, drop-outs, outcomes within 6 and 12 months, retention at 6 months, mean progression change, evidence grade.")
            .Argument<StringGraphType>("group").Argument<StringGraphType>("municipality")
            .Argument<DateTimeOffsetGraphType>("from").Argument<DateTimeOffsetGraphType>("to")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Evaluator)
            .ResolveAsync(async ctx =>
            {
                var (caller, disclosure) = Reader(ctx);
                var (from, to) = MonthsOf(ctx, "from", "to");
                return disclosure.Outcomes(ctx.Whole(await DashboardQueries.OutcomesAsync(Databases(ctx), catalogue, Municipalities(ctx, caller),
                    ctx.GetArgument<string?>("group"), from, to, ctx.CancellationToken)));
            });

        Field<NonNullGraphType<ProgrammeAssessmentType>>("programmeAssessment")
            .Description("A proposed programme held against the matrix (the report's chapter 7): the cells of its risk factors it leaves "
                         + "unaddressed, how the report's interventions go at the cells it addresses, the common traits it lacks, and the demand.")
            .Argument<NonNullGraphType<ProgrammeInputType>>("programme")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Evaluator)
            .ResolveAsync(async ctx =>
            {
                var programme = ctx.GetArgument<Programme>("programme");
                if (ProgrammeCheck.Faults(programme, catalogue) is { Count: > 0 } faults)
                    throw new ExecutionError(string.Join("; ", faults.Select(f => $"programme.{f.Key}: {f.Value}")));
                var (caller, _) = Reader(ctx);
                var reader = new Programmes.Reader(caller.Caller, caller.Municipalities, "");
                return ctx.Whole(await ProgrammeEndpoints.AssessAsync(programme, reader, catalogue, Databases(ctx),
                    ctx.RequestServices!.GetRequiredService<IConfiguration>(), ctx.CancellationToken));
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseloadEntryType>>>>("caseload")
            .Description($"Open cases and their due follow-ups, the most pressing first: a mentor's own, or (coordinators) anyone's. At most first (default 50, at most {CaseLists.MaxPageSize}).")
            .Argument<StringGraphType>("mentor")
            .Argument<IntGraphType>("first")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Mentor)
            .ResolveAsync(async ctx => await CaseLists.CaseloadAsync(ctx, Reader(ctx).Caller, clock.GetUtcNow()));
    }

    private static (GraphCaller Caller, Disclosure Disclosure) Reader(IResolveFieldContext ctx)
    {
        var caller = ctx.RequestServices!.GetRequiredService<GraphCaller>();
        var threshold = ctx.RequestServices!.GetRequiredService<IConfiguration>().GetValue("Privacy:SuppressionThreshold", 5);
        return (caller, new Disclosure(caller.SuppressSmallCounts, threshold));
    }

    /// <summary>The municipality argument, which the caller's token must grant; without it, all the caller reads.</summary>
    private static IReadOnlyList<string> Municipalities(IResolveFieldContext ctx, GraphCaller caller) =>
        ctx.GetArgument<string?>("municipality") is not { } municipality ? caller.Municipalities
        : caller.Municipalities.Contains(municipality) ? [municipality]
        : throw new ExecutionError($"municipality: {municipality} is not granted by your token.");

    /// <summary>A period's bounds as the whole months they fall in.</summary>
    private static (int? From, int? To) MonthsOf(IResolveFieldContext ctx, string from, string to) =>
        (ctx.GetArgument<DateTimeOffset?>(from) is { } f ? Months.Of(f) : null, ctx.GetArgument<DateTimeOffset?>(to) is { } t ? Months.Of(t) : null);

    private static MunicipalityDatabases Databases(IResolveFieldContext ctx) => ctx.RequestServices!.GetRequiredService<MunicipalityDatabases>();


    private static string Group(IResolveFieldContext ctx, CatalogueModel catalogue) =>
        ctx.GetArgument<string>("group") is var group && catalogue.FindGroup(group) is not null
            ? group
            : throw new ExecutionError($"group: '{group}' is not a target group.");

    private static async Task<CaseNode?> OneCase(IResolveFieldContext ctx, CatalogueModel catalogue)
    {
        var (caller, _) = Reader(ctx);
        if (!Guid.TryParse(ctx.GetArgument<string>("id"), out var id)) throw new ExecutionError("id: not a case id.");
        if (caller.Municipalities is not [var municipality]) throw new ExecutionError("Name the municipality (X-Municipality): your token grants several.");
        var store = ctx.RequestServices!.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession(municipality);
        var asOf = ctx.GetArgument<DateTimeOffset?>("asOf");
        if ((await CaseHistory.Read(session, caller.Caller, id, null, asOf, ctx.CancellationToken)).AsRequested is not { } current) return null;
        await ctx.RequestServices!.GetRequiredService<ReadAudit>().RecordAsync(ctx.RequestServices!.GetRequiredService<IHttpContextAccessor>().HttpContext!,
            municipality, [id], asOf is null ? "graphql case" : $"graphql case as of {asOf:O}");
        var node = CaseNode.Of(current, caller, catalogue);
        return ctx.SubFields?.ContainsKey("suggestions") == true
            ? node with
            {
                Suggestions = await GetSuggestionsEndpoint.ForAsync(current, catalogue, Databases(ctx),
                    ctx.RequestServices!.GetRequiredService<IConfiguration>(), ctx.CancellationToken),
            }
            : node;
    }

    private static async Task<Freshness> Freshness(IResolveFieldContext ctx, TimeProvider clock) => Graph.Freshness.Of(
        ctx.Whole(await ProjectionState.ReadAllAsync(Databases(ctx), ctx.CancellationToken), PartialFigures.DatabasesMissing), clock.GetUtcNow());
}
