using Microsoft.IdentityModel.JsonWebTokens;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Access;

/// <summary>What the web app learns before anyone signs in, and the development sign-in of the demo users.</summary>
public class SignInEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task In_development_the_page_is_offered_the_demo_users_without_a_token()
    {
        var options = await app.Host.Get("/api/sign-in", token: CaseScenarios.Anonymous);

        Assert.Equal(200, options.Status);
        Assert.Equal("development", options.Body.GetProperty("mode").GetString());
        Assert.Equal(["coordinator-kbh", "coordinator-region", "mentor-kbh-01", "evaluator-region", "admin-kbh"],
            options.Body.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_demo_user_gets_a_token_of_their_role_and_municipalities_that_the_api_accepts()
    {
        var signedIn = await app.Host.Post("/api/sign-in/development", new { user = "coordinator-region" }, token: CaseScenarios.Anonymous);

        Assert.Equal(200, signedIn.Status);
        var token = signedIn.Body.GetProperty("accessToken").GetString()!;
        var claims = new JsonWebToken(token).Claims.ToList();
        Assert.Equal("coordinator-region", claims.Single(c => c.Type == "sub").Value);
        Assert.Equal("coordinator", claims.Single(c => c.Type == "role").Value);
        Assert.Equal(["0101", "0751"], claims.Where(c => c.Type == "municipality").Select(c => c.Value));
        Assert.Equal("no-store", signedIn.Header("Cache-Control"));
        Assert.Equal(200, (await app.Host.Get("/api/cases/" + await app.Host.OpenedCase(), municipality: "0101", token: token)).Status);
    }

    [Theory]
    [InlineData("""{"user":"somebody"}""", "user")]
    [InlineData("""{"user":null}""", "user")]
    [InlineData("null", "body")]
    [InlineData("""{"user":"admin-kbh","role":"administrator"}""", "role")]
    public async Task Anyone_else_is_refused_with_the_field_at_fault(string body, string field)
    {
        var refused = await app.Host.Send("POST", "/api/sign-in/development", null, token: CaseScenarios.Anonymous, rawBody: body);

        Assert.Equal(400, refused.Status);
        Assert.Contains(field, refused.Fields);
    }
}

/// <summary>Production with an OIDC provider: the page is told whom to sign in with, and no demo sign-in exists.</summary>
public sealed class OidcAppFixture : AppFixture
{
    protected override async Task<IAlbaHost> StartAsync()
    {
        await (await Boot(_ => { })).DisposeAsync();
        return await Boot(builder => builder.UseEnvironment("Production")
            .UseSetting("Auth:Authority", "https://login.example.test/realms/kommune")
            .UseSetting("Auth:Audience", "progression-api")
            .UseSetting("Auth:ClientId", "progression-web"));
    }
}

public class OidcSignInTests(OidcAppFixture app) : IClassFixture<OidcAppFixture>
{
    [Fact]
    public async Task The_page_is_told_the_provider_client_audience_and_scope_and_there_is_no_demo_sign_in()
    {
        var options = (await app.Host.Get("/api/sign-in", token: CaseScenarios.Anonymous)).Body;

        Assert.Equal("oidc", options.GetProperty("mode").GetString());
        Assert.Equal("https://login.example.test/realms/kommune", options.GetProperty("authority").GetString());
        Assert.Equal("progression-web", options.GetProperty("clientId").GetString());
        Assert.Equal("progression-api", options.GetProperty("audience").GetString());
        Assert.Equal("openid profile progression-api", options.GetProperty("scope").GetString());
        var demo = await app.Host.Post("/api/sign-in/development", new { user = "admin-kbh" }, token: CaseScenarios.Anonymous);
        Assert.Equal(401, demo.Status);
        Assert.False(demo.Body.ValueKind == System.Text.Json.JsonValueKind.Object && demo.Body.TryGetProperty("accessToken", out _));
    }
}
