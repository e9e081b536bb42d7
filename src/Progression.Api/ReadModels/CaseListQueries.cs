using System.Text;
using Npgsql;

namespace Progression.Api.ReadModels;

/// <summary>What narrows a case list: every given condition must hold. Null means "any".</summary>
public sealed record CaseListFilter(
    IReadOnlyList<string> Municipalities,
    string? AssignedTo = null,
    string? TargetGroup = null,
    string? Status = null,
    string? RiskFactor = null,
    string? BarrierCell = null,
    string? Intervention = null,
    string? Mentor = null,
    DateTimeOffset? OpenedFrom = null,
    DateTimeOffset? OpenedTo = null,
    DateTimeOffset? ClosedFrom = null,
    DateTimeOffset? ClosedTo = null,
    bool? Overdue = null);

/// <summary>One key of a list's order: a column of the case list, ascending or descending.</summary>
public sealed record ListKey(string Column, bool Descending);

/// <summary>A page of a list: the case ids in order, each with its position (the values of the order's keys).</summary>
public sealed record ListPage(IReadOnlyList<(Guid Id, string Municipality, IReadOnlyList<object> Position)> Rows, bool HasNext, bool HasPrevious);

/// <summary>
/// Case lists in SQL on <c>progression.case_list</c>: filtered by its indexed columns, ordered by the keys asked for and
/// then by id (so the order is total), paged by position (keyset: a page starts after the last row of the one before,
/// however many rows come or go meanwhile), counted with the same filter. The cost of a page is that of its rows.
/// </summary>
public static class CaseListQueries
{
    public static readonly IReadOnlyDictionary<string, string> OrderColumns = new Dictionary<string, string>
    {
        ["openedAt"] = "opened_at", ["closedAt"] = "closed_sort", ["targetGroup"] = "target_group",
    };

    private const string Table = ReadModelSchema.Schema + "." + ReadModelSchema.CaseList;

    /// <summary>
    /// How many cases the filter lets through: from the kept counts when it narrows by municipality, group and status
    /// only (what lists ask most), otherwise counted.
    /// </summary>
    public static async Task<int> CountAsync(NpgsqlDataSource database, CaseListFilter filter, CancellationToken ct)
    {
        await using var command = database.CreateCommand();
        var simple = filter == new CaseListFilter(filter.Municipalities, TargetGroup: filter.TargetGroup, Status: filter.Status);
        command.CommandText = simple
            ? $"select coalesce(sum(cases), 0) from {ReadModelSchema.Schema}.{ReadModelSchema.CaseCounts} where {Where(filter, command)}"
            : $"select count(*) from {Table} where {Where(filter, command)}";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>
    /// A page of <paramref name="size"/> rows after <paramref name="after"/> (or, taking from the back, before
    /// <paramref name="before"/>), both positions optional, ordered by <paramref name="keys"/> then id (in the direction
    /// of the last key, so one index read forwards or backwards serves the whole order). Each municipality's rows are
    /// read in order from its own index and the pages merged, so many municipalities cost a page each, not a sort.
    /// </summary>
    public static async Task<ListPage> PageAsync(NpgsqlDataSource database, CaseListFilter filter, IReadOnlyList<ListKey> keys,
        int size, bool fromBack, IReadOnlyList<object>? after, IReadOnlyList<object>? before, CancellationToken ct)
    {
        ListKey[] order = [.. keys, new ListKey("id", keys[^1].Descending)];
        var direction = string.Join(", ", order.Select(k => $"{k.Column} {(k.Descending ^ fromBack ? "desc" : "asc")}"));
        var columns = string.Join(", ", keys.Select(k => k.Column).Prepend("tenant_id").Prepend("id"));
        await using var batch = database.CreateBatch();
        var page = new NpgsqlBatchCommand();
        var pages = filter.Municipalities.Select(municipality =>
        {
            var conditions = new List<string> { Where(filter with { Municipalities = [municipality] }, page) };
            if (after is not null) conditions.Add(Beyond(order, after, forward: true, page));
            if (before is not null) conditions.Add(Beyond(order, before, forward: false, page));
            // Taking from the back reads the order reversed, then turns the page round.
            return $"(select {columns} from {Table} where {string.Join(" and ", conditions)} order by {direction} limit {size + 1})";
        });
        page.CommandText = $"select * from ({string.Join(" union all ", pages)}) page order by {direction} limit {size + 1}";
        batch.BatchCommands.Add(page);
        // Is there anything on the other side of where the page starts?
        var start = fromBack ? before : after;
        var other = new NpgsqlBatchCommand();
        other.CommandText = start is null
            ? "select false"
            : $"select exists (select 1 from {Table} where {Where(filter, other)} and {Beyond(order, start, forward: fromBack, other)})";
        batch.BatchCommands.Add(other);

        var rows = new List<(Guid, string, IReadOnlyList<object>)>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add((reader.GetGuid(0), reader.GetString(1),
                [.. keys.Select((_, i) => reader.GetValue(2 + i)), reader.GetGuid(0)]));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var beyondStart = reader.GetBoolean(0);

        var more = rows.Count > size;
        if (more) rows.RemoveAt(size);
        if (fromBack) rows.Reverse();
        return fromBack ? new ListPage(rows, beyondStart, more) : new ListPage(rows, more, beyondStart);
    }

    /// <summary>The caseload's order: the most pressing first (most follow-ups due, then the oldest).</summary>
    public static readonly IReadOnlyList<ListKey> CaseloadOrder = [new("urgency", false), new("opened_at", false)];

    /// <summary>The open cases of a caseload in <see cref="CaseloadOrder"/>: at most <paramref name="size"/> of them.</summary>
    public static async Task<ListPage> CaseloadAsync(NpgsqlDataSource database, CaseListFilter filter, int size, CancellationToken ct)
    {
        await using var command = database.CreateCommand();
        command.CommandText = $"select id, tenant_id, urgency, opened_at from {Table} where {Where(filter with { Status = "open" }, command)} "
                              + $"order by urgency, opened_at, id limit {size + 1}";
        var rows = new List<(Guid, string, IReadOnlyList<object>)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add((reader.GetGuid(0), reader.GetString(1), [reader.GetValue(2), reader.GetValue(3), reader.GetGuid(0)]));
        var more = rows.Count > size;
        return new ListPage(more ? rows[..size] : rows, more, false);
    }

    /// <summary>
    /// Pages of one list read on several databases as one page: their rows in the list's order (<paramref name="keys"/>
    /// then id), as many as asked for, the first ones or (from the back) the last ones.
    /// </summary>
    public static ListPage Merge(IReadOnlyList<ListPage> pages, IReadOnlyList<ListKey> keys, int size, bool fromBack)
    {
        if (pages is [var one]) return one;
        ListKey[] order = [.. keys, new ListKey("id", keys[^1].Descending)];
        var rows = pages.SelectMany(p => p.Rows).Order(Comparer<(Guid, string, IReadOnlyList<object> Position)>.Create((a, b) =>
            order.Select((key, i) => Compare(a.Position[i], b.Position[i]) * (key.Descending ? -1 : 1)).FirstOrDefault(c => c != 0))).ToList();
        var cut = rows.Count > size;
        return new ListPage(fromBack ? rows[^Math.Min(size, rows.Count)..] : rows[..Math.Min(size, rows.Count)],
            pages.Any(p => p.HasNext) || cut && !fromBack, pages.Any(p => p.HasPrevious) || cut && fromBack);
    }

    /// <summary>As PostgreSQL orders the list's columns: the texts are plain identifiers, so ordinal order is theirs.</summary>
    private static int Compare(object a, object b) =>
        a is string x && b is string y ? string.CompareOrdinal(x, y) : System.Collections.Comparer.Default.Compare(a, b);

    private static string Where(CaseListFilter filter, NpgsqlCommand command) => Where(filter, command.Parameters);

    private static string Where(CaseListFilter filter, NpgsqlBatchCommand command) => Where(filter, command.Parameters);

    private static string Where(CaseListFilter filter, NpgsqlParameterCollection parameters)
    {
        var sql = new StringBuilder(filter.Municipalities is [var one]
            ? $"tenant_id = {parameters.Bind(one)}"
            : $"tenant_id = any({parameters.Bind(filter.Municipalities.ToArray())})");
        void Condition(object? value, Func<string, string> condition)
        {
            if (value is not null) sql.Append(" and ").Append(condition(parameters.Bind(value)));
        }
        Condition(filter.AssignedTo is { } me ? new[] { me } : null, p => $"mentors @> {p}");
        Condition(filter.TargetGroup, p => $"target_group = {p}");
        Condition(filter.Status, p => $"status = {p}");
        Condition(filter.RiskFactor is { } f ? new[] { f } : null, p => $"risk_factors @> {p}");
        Condition(filter.BarrierCell is { } c ? new[] { c } : null, p => $"barrier_cells @> {p}");
        Condition(filter.Intervention is { } i ? new[] { i } : null, p => $"interventions @> {p}");
        Condition(filter.Mentor is { } m ? new[] { m } : null, p => $"mentors @> {p}");
        Condition(filter.OpenedFrom?.ToUniversalTime(), p => $"opened_at >= {p}");
        Condition(filter.OpenedTo?.ToUniversalTime(), p => $"opened_at <= {p}");
        Condition(filter.ClosedFrom?.ToUniversalTime(), p => $"closed_at >= {p}");
        Condition(filter.ClosedTo?.ToUniversalTime(), p => $"closed_at <= {p}");
        if (filter.Overdue is { } overdue) sql.Append(overdue ? " and due_follow_ups > 0" : " and due_follow_ups = 0");
        return sql.ToString();
    }

    /// <summary>
    /// Rows strictly beyond a position in the order (after it, or before it): the first key that differs decides, in
    /// that key's direction.
    /// </summary>
    private static string Beyond(IReadOnlyList<ListKey> order, IReadOnlyList<object> position, bool forward, NpgsqlBatchCommand command)
    {
        var values = position.Select(v => command.Parameters.Bind(v)).ToList();
        var alternatives = order.Select((key, i) =>
        {
            var equalBefore = order.Take(i).Select((k, j) => $"{k.Column} = {values[j]}");
            var beyond = $"{key.Column} {(key.Descending ^ !forward ? "<" : ">")} {values[i]}";
            return "(" + string.Join(" and ", equalBefore.Append(beyond)) + ")";
        });
        return "(" + string.Join(" or ", alternatives) + ")";
    }
}
