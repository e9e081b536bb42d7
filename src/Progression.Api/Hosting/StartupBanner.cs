namespace Progression.Api.Hosting;

public static class StartupBanner
{
    /// <summary>Prints where the service answers once it listens, so the run command's user knows where to go.</summary>
    public static void PrintWhenStarted(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Progression is running on {url}");
                Console.WriteLine($"  health:    {url}/health");
                Console.WriteLine($"  catalogue: {url}/api/catalogue");
                Console.WriteLine($"  API docs:  {url}/api/docs (OpenAPI: {url}/openapi/v1.json)");
                Console.WriteLine($"  cases:     {url}/api/cases/{{id}} with header X-Municipality: 0101");
            }
            Console.WriteLine("Press Ctrl+C to stop.");
        });
}
