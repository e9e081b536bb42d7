using GraphQL;
using GraphQL.Execution;

namespace Progression.Api.Graph;

/// <summary>
/// Errors name the problem, never the internals (no exception details). Outside development they also drop
/// GraphQL.NET's "Did you mean …?" hints, which would list the schema's fields with introspection turned off.
/// </summary>
public sealed class QuietErrors(bool development) : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeExceptionDetails = false })
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (executionError is MissingPartError partial) info.Extensions!["missing"] = partial.Missing;
        if (development) return info;
        var hint = info.Message.IndexOf(" Did you mean", StringComparison.Ordinal);
        return hint < 0 ? info : info with { Message = info.Message[..hint] };
    }
}
