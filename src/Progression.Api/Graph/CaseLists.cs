using GraphQL;
using Marten;
using Progression.Api.Hosting;
using Progression.Api.Cases.Auditing;
using Progression.Api.ReadModels;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Graph;

/// <summary>
/// The `cases` connection and the `caseload` list: the case list in SQL picks, orders and pages the rows; only the
/// cases a page shows are loaded; each one shown leaves a read record. Cost follows the page, not the municipality.
/// </summary>
public static class CaseLists
{
    public const int DefaultPageSize = 10, MaxPageSize = 100;

    public static async Task<Connection<CaseNode>> CasesAsync(IResolveFieldContext ctx, GraphCaller caller, CatalogueModel catalogue)
    {
        var services = ctx.RequestServices!;
        var where = ctx.GetArgument<CaseFilter?>("where") ?? new CaseFilter();
        if (caller.IsEvaluator && where.Mentor is not null) throw new ExecutionError("where.mentor: evaluators do not see mentors.");
        var (first, last) = (ctx.GetArgument<int?>("first"), ctx.GetArgument<int?>("last"));
        if (first is not null && last is not null) throw new ExecutionError("Give first or last, not both.");
        if (first is < 0 || last is < 0) throw new ExecutionError("first and last must not be negative.");
        if (first > MaxPageSize || last > MaxPageSize) throw new ExecutionError($"A page holds at most {MaxPageSize} nodes.");

        var cursors = services.GetRequiredService<Cursors>();
        var after = ctx.GetArgument<string?>("after") is { } a ? cursors.Open(a, "after") : null;
        var before = ctx.GetArgument<string?>("before") is { } b ? cursors.Open(b, "before") : null;
        var keys = Order(ctx.GetArgument<List<CaseOrder>?>("order"));
        if (after?.Count != keys.Count + 1 && after is not null || before?.Count != keys.Count + 1 && before is not null)
            throw new ExecutionError("A cursor belongs to the order it was made in: page in the same order.");

        var filter = Filter(caller, where);
        var size = last ?? first ?? DefaultPageSize;
        // Each database pages and counts its municipalities' rows; the pages are merged into one.
        var parts = ctx.Whole(await services.GetRequiredService<MunicipalityDatabases>().AcrossAsync(filter.Municipalities, async (database, part) =>
            (Page: await CaseListQueries.PageAsync(database, filter with { Municipalities = part }, keys, size, last is not null, after, before,
                ctx.CancellationToken), Total: await CaseListQueries.CountAsync(database, filter with { Municipalities = part }, ctx.CancellationToken))));
        var page = CaseListQueries.Merge([.. parts.Select(p => p.Page)], keys, size, last is not null);
        var total = parts.Sum(p => p.Total);
        var cases = await LoadAsync(services, page.Rows.Select(r => (r.Id, r.Municipality)), ctx.CancellationToken);
        await AuditAsync(ctx, cases.Values, "graphql cases");

        var edges = page.Rows.Where(r => cases.ContainsKey(r.Id))
            .Select(r => new Edge<CaseNode>(cursors.Seal(r.Position), CaseNode.Of(cases[r.Id], caller, catalogue))).ToList();
        return new Connection<CaseNode>([.. edges.Select(e => e.Node)], edges,
            new PageInfo(page.HasNext, page.HasPrevious, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor), total);
    }

    /// <summary>The most pressing open cases: a mentor's own, or (coordinators) anyone's or one mentor's.</summary>
    public static async Task<IReadOnlyList<CaseloadEntry>> CaseloadAsync(IResolveFieldContext ctx, GraphCaller caller, DateTimeOffset now)
    {
        var services = ctx.RequestServices!;
        var mentor = ctx.GetArgument<string?>("mentor");
        if (caller.Caller.SeesOnlyAssignedCases)
        {
            if (mentor is not null && mentor != caller.Caller.UserId) throw new ExecutionError("mentor: a mentor sees only their own caseload.");
            mentor = caller.Caller.UserId;
        }
        var size = ctx.GetArgument("first", 50);
        if (size is < 1 or > MaxPageSize) throw new ExecutionError($"first: between 1 and {MaxPageSize}.");
        var filter = new CaseListFilter(caller.Municipalities, Mentor: mentor);
        var parts = ctx.Whole(await services.GetRequiredService<MunicipalityDatabases>().AcrossAsync(filter.Municipalities, (database, part) =>
            CaseListQueries.CaseloadAsync(database, filter with { Municipalities = part }, size, ctx.CancellationToken)));
        var rows = CaseListQueries.Merge(parts, CaseListQueries.CaseloadOrder, size, fromBack: false).Rows;
        var cases = await LoadAsync(services, rows.Select(r => (r.Id, r.Municipality)), ctx.CancellationToken);
        return [.. rows.Where(r => cases.ContainsKey(r.Id)).Select(r => Caseload.Entry(cases[r.Id], now))];
    }

    private static CaseListFilter Filter(GraphCaller caller, CaseFilter where)
    {
        var municipalities = where.Municipality is null ? caller.Municipalities
            : caller.Municipalities.Contains(where.Municipality) ? [where.Municipality]
            : throw new ExecutionError($"where.municipality: {where.Municipality} is not granted by your token.");
        return new CaseListFilter(municipalities,
            AssignedTo: caller.Caller.SeesOnlyAssignedCases ? caller.Caller.UserId : null,
            TargetGroup: where.TargetGroup, Status: where.Status, RiskFactor: where.RiskFactor,
            BarrierCell: where.BarrierCell is { } cell ? CaseList.Cell(cell.Factor, cell.Level) : null,
            Intervention: where.Intervention, Mentor: where.Mentor,
            OpenedFrom: where.OpenedFrom, OpenedTo: where.OpenedTo, ClosedFrom: where.ClosedFrom, ClosedTo: where.ClosedTo,
            Overdue: where.Overdue);
    }

    /// <summary>The keys asked for, in order (Hot Chocolate style: order: [{ openedAt: DESC }]); opening time by default.</summary>
    private static IReadOnlyList<ListKey> Order(IReadOnlyList<CaseOrder>? order)
    {
        var keys = (order ?? []).SelectMany(o => new (string, SortDirection?)[] { ("openedAt", o.OpenedAt), ("closedAt", o.ClosedAt), ("targetGroup", o.TargetGroup) })
            .Where(k => k.Item2 is not null)
            .Select(k => new ListKey(CaseListQueries.OrderColumns[k.Item1], k.Item2 == SortDirection.Desc))
            .ToList();
        return keys.Count > 0 ? keys : [new ListKey(CaseListQueries.OrderColumns["openedAt"], false)];
    }

    /// <summary>
    /// The case documents of a page, found by their keys (municipality and id) so the primary key serves: one query on
    /// each database the page's municipalities live on (a session opened for one of them reaches that database).
    /// </summary>
    private static async Task<IReadOnlyDictionary<Guid, Case>> LoadAsync(IServiceProvider services,
        IEnumerable<(Guid Id, string Municipality)> rows, CancellationToken ct)
    {
        var page = rows.ToArray();
        var store = services.GetRequiredService<IDocumentStore>();
        var groups = await services.GetRequiredService<MunicipalityDatabases>().GroupAsync([.. page.Select(r => r.Municipality).Distinct()]);
        var parts = await Task.WhenAll(groups.Select(async group =>
        {
            var ids = page.Where(r => group.Municipalities.Contains(r.Municipality)).Select(r => r.Id).ToArray();
            await using var session = store.QuerySession(group.Municipalities[0]);
            return await session.Query<Case>().Where(c => c.TenantIsOneOf(group.Municipalities) && ids.Contains(c.Id)).ToListAsync(ct);
        }));
        return parts.SelectMany(p => p).ToDictionary(c => c.Id);
    }

    /// <summary>Every case whose details a page shows leaves a read record in its municipality.</summary>
    private static async Task AuditAsync(IResolveFieldContext ctx, IEnumerable<Case> shown, string what)
    {
        var audit = ctx.RequestServices!.GetRequiredService<ReadAudit>();
        var http = ctx.RequestServices!.GetRequiredService<IHttpContextAccessor>().HttpContext!;
        await Task.WhenAll(shown.GroupBy(c => c.Municipality).Select(m => audit.RecordAsync(http, m.Key, m.Select(c => c.Id), what)));
    }
}
