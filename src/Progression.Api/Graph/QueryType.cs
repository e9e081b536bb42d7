using GraphQL;
using GraphQL.Types;
using Marten;
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
            .Description("How far the aggregates (async projection) lag behind the event store. Case and cases read the inline view: always current.")
            .ResolveAsync(async ctx => await Freshness(ctx));

        Field<CaseNodeType>("case")
            .Description("One case, now or as recorded at asOf. Audited.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Mentor)
            .ResolveAsync(async ctx => await OneCase(ctx, catalogue));

        Field<NonNullGraphType<ConnectionType<CaseNode, CaseNodeType>>>("cases")
            .Description($"Cases you may see, filtered, ordered and paged (default {Paging.DefaultPageSize}, at most {Paging.MaxPageSize}). Pseudonymised for evaluators. Audited.")
            .Argument<CaseFilterType>("where")
            .Argument<ListGraphType<NonNullGraphType<CaseOrderType>>>("order")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .Argument<IntGraphType>("last").Argument<StringGraphType>("before")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Mentor, Roles.Evaluator)
            .ResolveAsync(async ctx => await Cases(ctx, catalogue));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HeatmapCellViewType>>>>("matrix")
            .Description("The heatmap: per risk factor × level, barriers identified in the period and their state at its end; interventions in use.")
            .Argument<NonNullGraphType<StringGraphType>>("group")
            .Argument<StringGraphType>("municipality")
            .Argument<DateTimeOffsetGraphType>("from").Argument<DateTimeOffsetGraphType>("to")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Evaluator)
            .ResolveAsync(async ctx =>
            {
                var (caller, disclosure) = Reader(ctx);
                var facts = await caller.Facts(Municipality(ctx, caller), ctx.CancellationToken);
                var group = Group(ctx, catalogue);
                return disclosure.Heatmap(MatrixHeatmap.Of(facts, catalogue, group, ctx.GetArgument<DateTimeOffset?>("from"),
                    ctx.GetArgument<DateTimeOffset?>("to"), clock.GetUtcNow()));
            });

        Field<NonNullGraphType<ProgressionViewType>>("progression")
            .Description("Score distributions per instrument dimension per period, and the change from each case's first to latest measurement.")
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
                var cohort = new CaseFilter
                {
                    TargetGroup = ctx.GetArgument<string?>("group"), RiskFactor = ctx.GetArgument<string?>("riskFactor"),
                    OpenedFrom = ctx.GetArgument<DateTimeOffset?>("openedFrom"), OpenedTo = ctx.GetArgument<DateTimeOffset?>("openedTo"),
                };
                var facts = (await caller.Facts(Municipality(ctx, caller), ctx.CancellationToken)).Where(f => cohort.Matches(f.Case));
                return disclosure.Progression(ProgressionTrends.Of(facts, instrument, ctx.GetArgument("by", ProgressionPeriod.MonthsSinceStart)));
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InterventionOutcomeViewType>>>>("interventionOutcomes")
            .Description("Per intervention started in the period: participants, completions, drop-outs, outcomes within 6 and 12 months, retention at 6 months, mean progression change, evidence grade.")
            .Argument<StringGraphType>("group").Argument<StringGraphType>("municipality")
            .Argument<DateTimeOffsetGraphType>("from").Argument<DateTimeOffsetGraphType>("to")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Evaluator)
            .ResolveAsync(async ctx =>
            {
                var (caller, disclosure) = Reader(ctx);
                var facts = await caller.Facts(Municipality(ctx, caller), ctx.CancellationToken);
                return disclosure.Outcomes(InterventionOutcomes.Of(facts, catalogue, ctx.GetArgument<string?>("group"),
                    ctx.GetArgument<DateTimeOffset?>("from"), ctx.GetArgument<DateTimeOffset?>("to"), clock.GetUtcNow()));
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseloadEntryType>>>>("caseload")
            .Description("Open cases and their due follow-ups: a mentor's own, or (coordinators) anyone's.")
            .Argument<StringGraphType>("mentor")
            .AuthorizeWithRoles(Roles.Coordinator, Roles.Mentor)
            .ResolveAsync(async ctx =>
            {
                var (caller, _) = Reader(ctx);
                var mentor = ctx.GetArgument<string?>("mentor");
                if (caller.Caller.SeesOnlyAssignedCases)
                {
                    if (mentor is not null && mentor != caller.Caller.UserId) throw new ExecutionError("mentor: a mentor sees only their own caseload.");
                    mentor = caller.Caller.UserId;
                }
                return Caseload.Of(await caller.Facts(null, ctx.CancellationToken), mentor, clock.GetUtcNow());
            });
    }

    private static (GraphCaller Caller, Disclosure Disclosure) Reader(IResolveFieldContext ctx)
    {
        var caller = ctx.RequestServices!.GetRequiredService<GraphCaller>();
        var threshold = ctx.RequestServices!.GetRequiredService<IConfiguration>().GetValue("Privacy:SuppressionThreshold", 5);
        return (caller, new Disclosure(caller.SuppressSmallCounts, threshold));
    }

    private static string? Municipality(IResolveFieldContext ctx, GraphCaller caller) =>
        Granted(ctx.GetArgument<string?>("municipality"), caller, "municipality");

    /// <summary>A municipality argument must be one the caller's token grants (none means all of theirs).</summary>
    private static string? Granted(string? municipality, GraphCaller caller, string field) =>
        municipality is null || caller.Municipalities.Contains(municipality)
            ? municipality
            : throw new ExecutionError($"{field}: {municipality} is not granted by your token.");

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
        await using var session = store.LightweightSession(municipality);
        var asOf = ctx.GetArgument<DateTimeOffset?>("asOf");
        if ((await CaseHistory.Read(session, caller.Caller, id, null, asOf, ctx.CancellationToken)).AsRequested is not { } current) return null;
        CaseReads.Record(session, Http(ctx), id, asOf is null ? "graphql case" : $"graphql case as of {asOf:O}");
        await session.SaveChangesAsync(ctx.CancellationToken);
        return CaseNode.Of(current, caller, catalogue);
    }

    private static async Task<Connection<CaseNode>> Cases(IResolveFieldContext ctx, CatalogueModel catalogue)
    {
        var (caller, _) = Reader(ctx);
        var filter = ctx.GetArgument<CaseFilter?>("where") ?? new CaseFilter();
        if (caller.IsEvaluator && filter.Mentor is not null) throw new ExecutionError("where.mentor: evaluators do not see mentors.");
        var cases = (await caller.Cases(Granted(filter.Municipality, caller, "where.municipality"), ctx.CancellationToken)).Where(filter.Matches);
        var ordered = CaseOrder.Sort(cases, ctx.GetArgument<List<CaseOrder>?>("order"));
        var nodes = ordered.Select(c => (Case: c, Node: CaseNode.Of(c, caller, catalogue))).ToList();
        var page = Paging.Page(nodes, n => n.Node.Id, ctx.GetArgument<int?>("first"), ctx.GetArgument<string?>("after"),
            ctx.GetArgument<int?>("last"), ctx.GetArgument<string?>("before"));
        await Audit(ctx, page.Nodes.Select(n => n.Case));
        return new Connection<CaseNode>([.. page.Nodes.Select(n => n.Node)],
            [.. page.Edges.Select(e => new Edge<CaseNode>(e.Cursor, e.Node.Node))], page.PageInfo, page.TotalCount);
    }

    /// <summary>Every case whose details a page shows leaves a read record in its municipality.</summary>
    private static async Task Audit(IResolveFieldContext ctx, IEnumerable<Case> shown)
    {
        var store = ctx.RequestServices!.GetRequiredService<IDocumentStore>();
        foreach (var municipality in shown.GroupBy(c => c.Municipality))
        {
            await using var session = store.LightweightSession(municipality.Key);
            foreach (var c in municipality) CaseReads.Record(session, Http(ctx), c.Id, "graphql cases");
            await session.SaveChangesAsync(ctx.CancellationToken);
        }
    }

    private static HttpContext Http(IResolveFieldContext ctx) =>
        ctx.RequestServices!.GetRequiredService<IHttpContextAccessor>().HttpContext!;

    private static async Task<Freshness> Freshness(IResolveFieldContext ctx)
    {
        var store = ctx.RequestServices!.GetRequiredService<IDocumentStore>();
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: ctx.CancellationToken);
        var progress = await store.Advanced.AllProjectionProgress(token: ctx.CancellationToken);
        var projected = progress.Where(p => p.ShardName.StartsWith(nameof(CaseFacts), StringComparison.Ordinal)).Select(p => p.Sequence).DefaultIfEmpty(0).Min();
        return new Freshness(statistics.EventSequenceNumber, projected, Math.Max(0, statistics.EventSequenceNumber - projected), DateTimeOffset.UtcNow);
    }
}
