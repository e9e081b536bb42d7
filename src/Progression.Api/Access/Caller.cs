using System.Security.Claims;
using Progression.Domain.Cases;

namespace Progression.Api.Access;

public static class Roles
{
    public const string Coordinator = "coordinator";
    public const string Mentor = "mentor";
    public const string Evaluator = "evaluator";
    public const string Administrator = "administrator";

    public static readonly string[] All = [Coordinator, Mentor, Evaluator, Administrator];
}

/// <summary>The claims Progression reads from a token.</summary>
public static class ProgressionClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Municipality = "municipality";
}

/// <summary>Who is asking: a staff user id, their roles and the municipalities their token grants.</summary>
public sealed record Caller(string UserId, IReadOnlySet<string> Roles, IReadOnlyList<string> Municipalities)
{
    public static readonly Caller Nobody = new("", new HashSet<string>(), []);

    public static Caller From(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
        ? new Caller(
            user.FindFirst(ProgressionClaims.Subject)?.Value ?? "",
            user.FindAll(ProgressionClaims.Role).Select(c => c.Value).ToHashSet(),
            user.FindAll(ProgressionClaims.Municipality).Select(c => c.Value).Distinct().ToList())
        : Nobody;

    public bool Is(string role) => Roles.Contains(role);

    /// <summary>A mentor (who is not also a coordinator) sees only the cases they are assigned to.</summary>
    public bool SeesOnlyAssignedCases => Is(Access.Roles.Mentor) && !Is(Access.Roles.Coordinator);

    /// <summary>An evaluator (and nothing more) reads pseudonymised, suppressed data across their municipalities.</summary>
    public bool IsEvaluatorOnly => Is(Access.Roles.Evaluator) && !Is(Access.Roles.Coordinator) && !Is(Access.Roles.Mentor);

    public bool MaySee(Case current) => !SeesOnlyAssignedCases || current.Mentors.Contains(UserId);
}
