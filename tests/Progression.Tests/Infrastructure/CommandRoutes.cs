using Alba;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Progression.Api.Access;

namespace Progression.Tests.Infrastructure;

/// <summary>A route that takes a command body (of <paramref name="Command"/>), and a caller whose role its row in AccessRules allows.</summary>
public sealed record CommandRoute(string Operation, string Method, string Pattern, string Role, Type Command)
{
    public string Url(Guid caseId, string reference) =>
        Pattern.Replace("{caseId}", caseId.ToString()).Replace("{reference}", reference);

    public string Token => TestTokens.ForUser(Role, $"{Role}-0101", "0101");

    /// <summary>
    /// Every such route of the command API the running service has (every one has a row in AccessRules, or the service
    /// does not start): none is left out when one is added. The development sign-in takes a body too but is no command
    /// (Access/SignInEndpointTests).
    /// </summary>
    public static IReadOnlyList<CommandRoute> Of(IAlbaHost host) =>
    [
        .. host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } t } && t != typeof(void))
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name && AccessRules.RolesByOperation.ContainsKey(name.EndpointName))
            .Select(e =>
            {
                var operation = e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
                return new CommandRoute(operation, e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods[0], e.RoutePattern.RawText!,
                    AccessRules.RolesByOperation[operation][0], e.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!);
            }),
    ];
}
