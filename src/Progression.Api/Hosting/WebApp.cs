using Microsoft.AspNetCore.Authorization;

namespace Progression.Api.Hosting;

/// <summary>
/// The web app (built from src/Progression.Web into wwwroot/app) for a person with a browser: its files are static
/// assets (fingerprinted, compressed, cached by ETag), and each of its routes answers with its index.html, without a
/// token: the page itself holds no data, it asks the API for data with the token of whoever signs in.
/// </summary>
public static class WebApp
{
    private const string Index = "app/index.html";

    /// <summary>The app's own routes (src/Progression.Web/src/router.ts); every other path keeps its 401 or 404.</summary>
    private static readonly string[] Routes = ["/", "/cases", "/cases/{caseId}", "/dashboard", "/programmes", "/catalogue", "/signin/callback"];

    public static void MapWebApp(this WebApplication app)
    {
        var development = app.Environment.IsDevelopment();
        app.MapStaticAssets().Add(endpoint =>
        {
            // GraphiQL's files are static assets too, but the IDE is for development only: elsewhere they stay behind sign-in.
            var path = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? "";
            if (development || !path.StartsWith("graphiql", StringComparison.Ordinal))
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            // Vite names the app's bundles by their content hash: a name is never reused, so browsers may keep them.
            if (path.StartsWith("app/assets/", StringComparison.Ordinal) && endpoint.RequestDelegate is { } serve)
                endpoint.RequestDelegate = http =>
                {
                    http.Response.OnStarting(() =>
                    {
                        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                        return Task.CompletedTask;
                    });
                    return serve(http);
                };
        });
        // The page names the bundles of one build: a browser must ask again (ETag) rather than keep a stale one.
        var revalidate = new StaticFileOptions { OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache" };
        foreach (var route in Routes)
            app.MapFallbackToFile(route, Index, revalidate).AllowAnonymous();
    }
}
