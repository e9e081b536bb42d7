using GraphQL;
using GraphQL.Types;

namespace Progression.Api.Graph;

/// <summary>A Relay cursor connection, with the `nodes` shortcut Hot Chocolate users expect.</summary>
public sealed record Connection<T>(IReadOnlyList<T> Nodes, IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo, int TotalCount);

public sealed record Edge<T>(string Cursor, T Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

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
