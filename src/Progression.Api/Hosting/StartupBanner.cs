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
            }
            Console.WriteLine("Press Ctrl+C to stop.");
        });
}
