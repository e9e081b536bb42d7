using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using Progression.Domain.Privacy;

namespace Progression.Api.Access;

public static class AccessModule
{
    public const string SignedIn = "signed-in";

    /// <summary>
    /// JWT bearer on every endpoint (the fallback policy) but those marked anonymous (/health; OpenAPI in development).
    /// Production: Auth:Authority and Auth:Audience name the OIDC provider. Development: the local signing key.
    /// </summary>
    public static void AddProgressionAccess(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"];
        if (authority is null && !builder.Environment.IsDevelopment() && auth["SigningKey"] is null)
            throw new InvalidOperationException("Configure Auth:Authority and Auth:Audience (an OIDC provider); the local signing key is for development only.");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            var validation = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                // Access tokens only: an ID token (or any other JWT) presented as a bearer token is refused.
                ValidTypes = auth.GetSection("ValidTypes").Get<string[]>() ?? ["at+jwt"],
                RoleClaimType = ProgressionClaims.Role,
                NameClaimType = ProgressionClaims.Subject,
            };
            if (authority is not null)
            {
                jwt.Authority = authority;
                validation.ValidAudience = auth["Audience"] ?? throw new InvalidOperationException("Auth:Audience is required with Auth:Authority.");
            }
            else
            {
                validation.ValidIssuer = DevTokens.Issuer;
                validation.ValidAudience = DevTokens.Audience;
                validation.IssuerSigningKey = DevTokens.SigningKey(builder.Configuration, builder.Environment.ContentRootPath);
            }
            jwt.TokenValidationParameters = validation;
        });
        // Evaluator views name cases by keyed pseudonyms; the key never leaves the service.
        if (!builder.Environment.IsDevelopment() && builder.Configuration["Privacy:PseudonymKey"] is null)
            throw new InvalidOperationException("Configure Privacy:PseudonymKey (base64, at least 32 bytes).");
        builder.Services.AddSingleton(new Pseudonyms(
            LocalSecrets.Get(builder.Configuration, builder.Environment.ContentRootPath, "Privacy:PseudonymKey", "dev-pseudonym-key")));
        builder.Services.AddAuthorization(options =>
        {
            // Every caller is someone: a token without a subject is refused on every endpoint (each endpoint's
            // roles come with this policy, see AccessRules; the fallback covers endpoints without any).
            var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(ProgressionClaims.Subject).Build();
            options.AddPolicy(SignedIn, signedIn);
            options.DefaultPolicy = signedIn;
            options.FallbackPolicy = signedIn;
        });
    }

    /// <summary>Case data must not linger in caches or be readable cross-origin (no CORS policy is registered).</summary>
    public static void UseNoStoreForApi(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/api"))
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.Pragma = "no-cache";
                return Task.CompletedTask;
            });
        await next(http);
    });
}
