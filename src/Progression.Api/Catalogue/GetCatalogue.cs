using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Catalogue;

public static class GetCatalogueEndpoint
{
    /// <summary>The report's model as loaded: groups, risk factors, levels, barriers, interventions, tools, instruments.</summary>
    // IResult rather than the model itself: Wolverine's code generation resolves a returned type that is also a
    // parameter as its own dependency (CS0841 at first request).
    [WolverineGet("/api/catalogue", OperationId = "getCatalogue"), NotTenanted]
    [ProducesResponseType<CatalogueModel>(StatusCodes.Status200OK)]
    public static IResult Get(CatalogueModel catalogue) => Results.Json(catalogue);
}
