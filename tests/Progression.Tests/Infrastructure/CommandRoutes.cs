using Alba;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Progression.Api.Access;

namespace Progression.Tests.Infrastructure;

/// <summary>A route that takes a command body, and a caller whose role its row in AccessRules allows.</summary>
public sealed record CommandRoute(string Operation, string Method, string Pattern, string Role)
{
    public string Url(Guid caseId, string reference) =>
        Pattern.Replace("{caseId}", caseId.ToString()).Replace("{reference}", reference);

    public string Token => TestTokens.ForUser(Role, $"{Role}-0101", "0101");

    /// <summary>Every such route the running service has: none is left out when one is added.</summary>
    public static IReadOnlyList<CommandRoute> Of(IAlbaHost host) =>
    [
        .. host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } t } && t != typeof(void))
            .Select(e =>
            {
                var operation = e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
                return new CommandRoute(operation, e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods[0], e.RoutePattern.RawText!,
                    AccessRules.RolesByOperation[operation][0]);
            }),
    ];
}
