using Progression.Domain.Catalogue;

namespace Progression.Api.Catalogue;

public static class CatalogueModule
{
    /// <summary>
    /// Loads and validates schema/catalogue (copied beside the binaries; <c>Catalogue:Path</c> overrides) at start-up:
    /// a faulty catalogue stops the service before it takes a request.
    /// </summary>
    public static Domain.Catalogue.Catalogue AddCatalogue(this IServiceCollection services, IConfiguration configuration)
    {
        var path = configuration["Catalogue:Path"] ?? Path.Combine(AppContext.BaseDirectory, "catalogue");
        var catalogue = CatalogueLoader.Load(path);
        services.AddSingleton(catalogue);
        return catalogue;
    }
}
