using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Progression.Api.Graph;

/// <summary>
/// Enforces the roles recorded on fields (GraphQL.NET records them but does not enforce them), before any resolver
/// runs: a query that selects a field the caller's role may not see is refused whole. Outside development,
/// introspection is refused too.
/// </summary>
public sealed class FieldAccessRule(bool allowIntrospection) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            var name = field.Name.StringValue;
            if (name is "__schema" or "__type")
            {
                if (!allowIntrospection) ctx.ReportError(new ValidationError("Introspection is turned off."));
                return;
            }
            var roles = ctx.TypeInfo.GetFieldDef()?.GetRoles();
            if (roles is { Count: > 0 } && !roles.Any(role => ctx.User?.IsInRole(role) == true))
                ctx.ReportError(new ValidationError($"The field '{name}' is not available to your role."));
        }));
}
