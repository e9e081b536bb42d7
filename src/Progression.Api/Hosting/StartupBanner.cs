using Progression.Api.Access;

namespace Progression.Api.Hosting;

public static class StartupBanner
{
    /// <summary>Prints where the service answers once it listens, so the run command's user knows where to go.</summary>
    public static void PrintWhenStarted(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            PrintDevelopmentTokens(app);
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Progression is running on {url}");
                Console.WriteLine($"  web app:   {url}/");
                Console.WriteLine($"  health:    {url}/health");
                Console.WriteLine($"  catalogue: {url}/api/catalogue");
                Console.WriteLine($"  API docs:  {url}/api/docs (OpenAPI: {url}/openapi/v1.json)");
                Console.WriteLine($"  GraphQL:   {url}/graphql (IDE: {url}/graphiql/)");
                Console.WriteLine($"  cases:     {url}/api/cases/{{id}} (with a bearer token; X-Municipality picks one of several)");
            }
            Console.WriteLine("Press Ctrl+C to stop.");
        });

    /// <summary>In development with the local signing key: one ready-made token per demo user, valid 12 hours.</summary>
    private static void PrintDevelopmentTokens(WebApplication app)
    {
        if (!DevTokens.Enabled(app.Environment, app.Configuration)) return;
        Console.WriteLine("Development tokens (send as 'Authorization: Bearer <token>'; mint more with: ./run.sh token --role coordinator --municipality 0101):");
        foreach (var user in DevTokens.DemoUsers)
            Console.WriteLine($"  {user.Role} {user.Id} ({string.Join(", ", user.Municipalities)}):\n    {DevTokens.MintFor(user, app.Configuration, app.Environment.ContentRootPath)}");
    }
}
