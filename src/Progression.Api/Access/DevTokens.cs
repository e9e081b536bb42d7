using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Progression.Api.Access;

/// <summary>
/// Development sign-in: tokens signed with a local key (Auth:SigningKey, or a key kept in the data folder), minted by
/// the <c>token</c> command or printed by the demo run. Never used when Auth:Authority names a real OIDC provider.
/// </summary>
public static class DevTokens
{
    public const string Issuer = "progression-dev";
    public const string Audience = "progression";

    /// <summary>A made-up member of staff of the demo municipalities, one of each role (and one working in two).</summary>
    public sealed record DemoUser(string Id, string Role, string[] Municipalities);

    /// <summary>Whom the demo run prints tokens for and the web app's development sign-in offers.</summary>
    public static readonly IReadOnlyList<DemoUser> DemoUsers =
    [
        new("coordinator-kbh", Roles.Coordinator, ["0101"]),
        new("coordinator-region", Roles.Coordinator, ["0101", "0751"]),
        new("mentor-kbh-01", Roles.Mentor, ["0101"]),
        new("evaluator-region", Roles.Evaluator, ["0101", "0751", "0461", "0851"]),
        new("admin-kbh", Roles.Administrator, ["0101"]),
    ];

    /// <summary>Development sign-in is on in Development when no OIDC provider is configured.</summary>
    public static bool Enabled(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && configuration["Auth:Authority"] is null;

    /// <summary>A demo user's token lasts a working day.</summary>
    public static readonly TimeSpan DemoLifetime = TimeSpan.FromHours(12);

    public static string MintFor(DemoUser user, IConfiguration configuration, string contentRoot) =>
        Mint(SigningKey(configuration, contentRoot), user.Id, user.Role, user.Municipalities, DemoLifetime);

    public static SymmetricSecurityKey SigningKey(IConfiguration configuration, string contentRoot) =>
        new(LocalSecrets.Get(configuration, contentRoot, "Auth:SigningKey", "dev-signing-key"));

    public static string Mint(SecurityKey key, string userId, string role, IEnumerable<string> municipalities, TimeSpan lifetime,
        DateTimeOffset? now = null, string audience = Audience)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new List<Claim> { new(ProgressionClaims.Subject, userId), new(ProgressionClaims.Role, role) };
        claims.AddRange(municipalities.Select(m => new Claim(ProgressionClaims.Municipality, m)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// <c>token --role coordinator --municipality 0101 [--municipality 0751] [--user u1] [--hours 8]</c>: prints a
    /// development token. Handled before the host is built, so it needs no database.
    /// </summary>
    public static int Command(string[] args, IConfiguration configuration, string contentRoot)
    {
        string? Value(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();
        var role = Value("--role");
        var municipalities = args.Select((a, i) => (a, i)).Where(x => x.a == "--municipality" && x.i + 1 < args.Length)
            .Select(x => args[x.i + 1]).ToList();
        if (role is null || !Roles.All.Contains(role) || municipalities.Count == 0)
        {
            Console.Error.WriteLine($"usage: token --role {string.Join("|", Roles.All)} --municipality 0101 [--municipality …] [--user id] [--hours 8]");
            return 2;
        }
        var hours = double.TryParse(Value("--hours"), System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 8;
        Console.WriteLine(Mint(SigningKey(configuration, contentRoot), Value("--user") ?? $"{role}-dev", role, municipalities, TimeSpan.FromHours(hours)));
        return 0;
    }
}
