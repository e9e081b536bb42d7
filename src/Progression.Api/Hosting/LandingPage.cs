namespace Progression.Api.Hosting;

/// <summary>
/// <c>GET /</c> for a person with a browser: what this service is and where to go (the API UI and the GraphQL IDE in
/// development), instead of a 401 in JSON. Nothing on it needs a token or says anything about a case.
/// </summary>
public static class LandingPage
{
    public static void MapLandingPage(this WebApplication app)
    {
        var development = app.Environment.IsDevelopment();
        var links = development
            ? """
              <li><a href="/api/docs">The case API</a> (OpenAPI: <a href="/openapi/v1.json">/openapi/v1.json</a>)</li>
              <li><a href="/graphiql/">The GraphQL IDE</a> for <code>/graphql</code></li>
              """
            : "";
        var page = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Progression</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
            </head>
            <body>
            <main>
            <h1>Progression</h1>
            <p>Case progression for people on the edge of the labour market and of education, after VIVE's 2018 report.</p>
            <p>Every call to the API needs a bearer token (an access token of your organisation's sign-in).</p>
            <ul>
            {{links}}<li><a href="/health">Health</a></li>
            </ul>
            </main>
            </body>
            </html>
            """;
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
    }
}
