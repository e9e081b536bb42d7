using Progression.Api.Cases;

namespace Progression.Api.Access;

/// <summary>
/// What the web app needs to sign a person in, before anyone is signed in: in production the OIDC provider (code flow
/// with PKCE in the browser), in development the demo users, whose tokens an anonymous endpoint mints.
/// </summary>
public static class SignIn
{
    public sealed record DevelopmentSignIn(string User);

    public sealed record SignedIn(string AccessToken, DateTimeOffset ExpiresAt);

    public static void MapSignIn(this WebApplication app)
    {
        var development = DevTokens.Enabled(app.Environment, app.Configuration);
        var auth = app.Configuration.GetSection("Auth");
        object options = development
            ? new { mode = "development", users = DevTokens.DemoUsers.Select(u => new { id = u.Id, role = u.Role, municipalities = u.Municipalities }) }
            : auth["Authority"] is { } authority && auth["ClientId"] is { } clientId
                // The scope asks for the API (the audience) as most providers expect; Auth:Scope overrides it.
                ? new { mode = "oidc", authority, clientId, audience = auth["Audience"], scope = auth["Scope"] ?? $"openid profile {auth["Audience"]}".TrimEnd() }
                : new { mode = "unavailable" };
        app.MapGet("/api/sign-in", () => Results.Json(options)).AllowAnonymous().ExcludeFromDescription();
        if (!development) return;

        app.MapPost("/api/sign-in/development", (DevelopmentSignIn request, IConfiguration configuration, IHostEnvironment environment) =>
                DevTokens.DemoUsers.FirstOrDefault(u => u.Id == request.User) is { } user
                    ? Results.Ok(new SignedIn(DevTokens.MintFor(user, configuration, environment.ContentRootPath), DateTimeOffset.UtcNow + DevTokens.DemoLifetime))
                    : Results.Problem(Problems.Invalid("user", $"'{request.User}' is not a demo user ({string.Join(", ", DevTokens.DemoUsers.Select(u => u.Id))})")))
            .AllowAnonymous().ExcludeFromDescription();
    }
}
