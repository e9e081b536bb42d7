using Wolverine.Http;

namespace Progression.Api.Catalogue;

public static class GetCatalogueEndpoint
{
    /// <summary>The report's model as loaded: groups, risk factors, levels, barriers, interventions, tools, instruments.</summary>
    [WolverineGet("/api/catalogue", OperationId = "getCatalogue")]
    public static Domain.Catalogue.Catalogue Get(Domain.Catalogue.Catalogue catalogue) => catalogue;
}
