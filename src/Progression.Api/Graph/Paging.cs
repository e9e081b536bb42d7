using System.Text;
using GraphQL;
using GraphQL.Types;

namespace Progression.Api.Graph;

/// <summary>A Relay cursor connection, with the `nodes` shortcut Hot Chocolate users expect.</summary>
public sealed record Connection<T>(IReadOnlyList<T> Nodes, IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo, int TotalCount);

public sealed record Edge<T>(string Cursor, T Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public static class Paging
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;

    /// <summary>
    /// Pages an ordered list the Relay way: after/before narrow it, first takes from the front, last from the back.
    /// A cursor is the opaque position key of a node (its id), so pages stay stable while new cases are added.
    /// </summary>
    public static Connection<T> Page<T>(IReadOnlyList<T> ordered, Func<T, string> key, int? first, string? after, int? last, string? before)
    {
        if (first is not null && last is not null) throw new ExecutionError("Give first or last, not both.");
        if (first is < 0 || last is < 0) throw new ExecutionError("first and last must not be negative.");
        if (first > MaxPageSize || last > MaxPageSize) throw new ExecutionError($"A page holds at most {MaxPageSize} nodes.");

        var start = after is null ? 0 : Position(ordered, key, after) + 1;
        var end = before is null ? ordered.Count : Position(ordered, key, before);
        if (end < start) end = start;
        if (last is { } fromBack) start = Math.Max(start, end - fromBack);
        else end = Math.Min(end, start + (first ?? DefaultPageSize));

        var edges = ordered.Skip(start).Take(end - start).Select(n => new Edge<T>(Cursor(key(n)), n)).ToList();
        return new Connection<T>(
            [.. edges.Select(e => e.Node)], edges,
            new PageInfo(end < ordered.Count, start > 0, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor),
            ordered.Count);
    }

    private static string Cursor(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("case:" + key));

    private static int Position<T>(IReadOnlyList<T> ordered, Func<T, string> key, string cursor)
    {
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)); }
        catch (FormatException) { throw new ExecutionError($"'{cursor}' is not a cursor of this connection."); }
        for (var i = 0; i < ordered.Count; i++)
            if ("case:" + key(ordered[i]) == decoded) return i;
        throw new ExecutionError($"'{cursor}' is not a cursor of this connection (the case may have left the filter).");
    }
}

public sealed class ConnectionType<TNode, TNodeType> : ObjectGraphType<Connection<TNode>> where TNodeType : IGraphType
{
    public ConnectionType()
    {
        Name = typeof(TNode).Name.Replace("Node", "") + "Connection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNode, TNodeType>>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public sealed class EdgeType<TNode, TNodeType> : ObjectGraphType<Edge<TNode>> where TNodeType : IGraphType
{
    public EdgeType()
    {
        Name = typeof(TNode).Name.Replace("Node", "") + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class PageInfoType : AutoRegisteringObjectGraphType<PageInfo>
{
    public PageInfoType() => Name = "PageInfo";
}
