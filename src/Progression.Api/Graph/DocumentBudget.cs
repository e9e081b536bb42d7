using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace Progression.Api.Graph;

/// <summary>
/// How many fields a document selects once every fragment spread is expanded, counted in time linear in the document
/// (each fragment once, remembered). Validation and cost analysis walk the expanded selections: fragments that spread
/// each other twice expand exponentially in their number, so a document over the budget is refused before they start.
/// Every field costs at least one in the complexity analysis, so a document over the complexity limit in expanded
/// fields could never run: the budget (twice that limit) refuses nothing that could.
/// </summary>
public static class DocumentBudget
{
    public const long MaxExpandedFields = 2 * GraphModule.MaxComplexity;

    /// <summary>The parsed document, or null when it does not parse (the executer then reports the syntax error).</summary>
    public static GraphQLDocument? Parse(string query)
    {
        try
        {
            return Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.All });
        }
        catch (GraphQLParserException)
        {
            return null;
        }
    }

    /// <summary>The expanded field count, stopping (saturated) just past the budget.</summary>
    public static long ExpandedFields(GraphQLDocument document)
    {
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>();
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
            fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        var sizes = new Dictionary<string, long>();
        var visiting = new HashSet<string>();

        long Fragment(string name)
        {
            if (sizes.TryGetValue(name, out var known)) return known;
            // A cycle or an unknown fragment is validation's to report; it adds nothing here.
            if (!fragments.TryGetValue(name, out var fragment) || !visiting.Add(name)) return 0;
            var size = Selections(fragment.SelectionSet);
            visiting.Remove(name);
            return sizes[name] = size;
        }

        long Selections(GraphQLSelectionSet? set)
        {
            long total = 0;
            foreach (var selection in set?.Selections ?? [])
            {
                total += selection switch
                {
                    GraphQLField field => 1 + Selections(field.SelectionSet),
                    GraphQLFragmentSpread spread => Fragment(spread.FragmentName.Name.StringValue),
                    GraphQLInlineFragment inline => Selections(inline.SelectionSet),
                    _ => 0,
                };
                if (total > MaxExpandedFields) return MaxExpandedFields + 1;
            }
            return total;
        }

        long expanded = 0;
        foreach (var definition in document.Definitions)
        {
            expanded += definition switch
            {
                GraphQLOperationDefinition operation => Selections(operation.SelectionSet),
                GraphQLFragmentDefinition fragment => Fragment(fragment.FragmentName.Name.StringValue),
                _ => 0,
            };
            if (expanded > MaxExpandedFields) return MaxExpandedFields + 1;
        }
        return expanded;
    }
}
