using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Progression.Api.Access;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Access;

/// <summary>Only a valid access token of ours gets in; everything else is 401 (or 403/400 for a token lacking claims).</summary>
public class TokenTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Own = "0101";

    private static readonly Claim[] FullClaims = [new("sub", "u"), new("role", Roles.Coordinator), new("municipality", Own)];

    public static TheoryData<string> Refused => new(BadTokens.Keys);

    private static readonly Dictionary<string, Func<string>> BadTokens = new()
    {
        ["expired"] = () => DevTokens.Mint(TestTokens.Key, "u", Roles.Coordinator, [Own], TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow.AddHours(-2)),
        ["signed with another key"] = () => DevTokens.Mint(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), "u", Roles.Coordinator, [Own], TimeSpan.FromMinutes(10)),
        ["for another audience"] = () => DevTokens.Mint(TestTokens.Key, "u", Roles.Coordinator, [Own], TimeSpan.FromMinutes(10), audience: "someone-else"),
        ["from another issuer"] = () => Token(FullClaims, issuer: "https://elsewhere.example"),
        ["not an access token (typ JWT, like an ID token)"] = () => Token(FullClaims, type: "JWT"),
        ["unsigned"] = () => Token(FullClaims, signed: false),
        ["garbage"] = () => "not.a.token",
    };

    private static string Token(Claim[] claims, string issuer = DevTokens.Issuer, string type = "at+jwt", bool signed = true) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = DevTokens.Audience, Expires = DateTime.UtcNow.AddMinutes(5), TokenType = type,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = signed ? new SigningCredentials(TestTokens.Key, SecurityAlgorithms.HmacSha256) : null,
        });

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_bad_token_is_401_and_writes_nothing(string kind)
    {
        var caseId = await app.Host.OpenedCase();
        var before = await CaseScenarios.StoredStream(app.ConnectionString, caseId);

        var read = await app.Host.Get($"/api/cases/{caseId}", Own, BadTokens[kind]());
        var write = await app.Host.Post($"/api/cases/{caseId}/mentors", new { mentorId = "m", expectedVersion = 1 }, Own, token: BadTokens[kind]());

        Assert.Equal((401, 401), (read.Status, write.Status));
        Assert.Equal(before, await CaseScenarios.StoredStream(app.ConnectionString, caseId));
    }

    [Fact]
    public async Task A_valid_token_of_ours_gets_in()
    {
        var caseId = await app.Host.OpenedCase();
        Assert.Equal(200, (await app.Host.Get($"/api/cases/{caseId}", Own, TestTokens.Coordinator(Own))).Status);
    }

    [Fact]
    public async Task A_token_without_a_role_is_403()
    {
        var caseId = await app.Host.OpenedCase();
        var noRole = Token([new("sub", "u"), new("municipality", Own)]);
        Assert.Equal(403, (await app.Host.Get($"/api/cases/{caseId}", Own, noRole)).Status);
    }

    [Fact]
    public async Task A_token_without_a_subject_is_refused()
    {
        var caseId = await app.Host.OpenedCase();
        var nobody = Token([new("role", Roles.Coordinator), new("municipality", Own)]);
        Assert.Equal(403, (await app.Host.Get($"/api/cases/{caseId}", Own, nobody)).Status);
    }

    [Fact]
    public async Task A_token_without_a_municipality_reaches_no_case()
    {
        var caseId = await app.Host.OpenedCase();
        var homeless = TestTokens.For(Roles.Coordinator);
        Assert.Equal(400, (await app.Host.Get($"/api/cases/{caseId}", null, homeless)).Status);
        Assert.Equal(403, (await app.Host.Get($"/api/cases/{caseId}", Own, homeless)).Status);
    }

    [Fact]
    public async Task Health_needs_no_token_and_the_catalogue_does()
    {
        Assert.Equal(200, (await app.Host.Send("GET", "/health", null, null, token: CaseScenarios.Anonymous)).Status);
        Assert.Equal(401, (await app.Host.Send("GET", "/api/catalogue", null, null, token: CaseScenarios.Anonymous)).Status);
    }
}
