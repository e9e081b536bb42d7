using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Progression.Api.Access;

namespace Progression.Tests.Infrastructure;

/// <summary>Development-style tokens signed with this test run's key (the fixture gives the service the same key).</summary>
public static class TestTokens
{
    public static readonly string KeyBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public static readonly SymmetricSecurityKey Key = new(Convert.FromBase64String(KeyBase64));

    public static string For(string role, params string[] municipalities) => ForUser(role, $"{role}-user", municipalities);

    public static string ForUser(string role, string userId, params string[] municipalities) =>
        DevTokens.Mint(Key, userId, role, municipalities, TimeSpan.FromMinutes(30));

    public static string Coordinator(string municipality) => ForUser(Roles.Coordinator, "coordinator-" + municipality, municipality);
}
