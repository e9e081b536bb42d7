using Microsoft.AspNetCore.Mvc;
using Wolverine.Http.Runtime.MultiTenancy;

namespace Progression.Api.Access;

/// <summary>
/// The municipality (kommunekode) is the tenant of every case, and it comes from the caller's token: the
/// municipality claims say which tenants a caller may reach. A caller with several may pick one with the
/// X-Municipality header; a header naming a municipality the token does not grant is refused (403).
/// </summary>
public sealed class MunicipalityTenancy : ITenantDetection
{
    public const string Header = "X-Municipality";

    public static string? FromRequest(HttpContext http)
    {
        var granted = Caller.From(http.User).Municipalities;
        var chosen = http.Request.Headers[Header].ToString();
        if (chosen.Length > 0) return granted.Contains(chosen) ? chosen : null;
        return granted.Count == 1 ? granted[0] : null;
    }

    public ValueTask<string?> DetectTenant(HttpContext context) => ValueTask.FromResult(FromRequest(context));
}

public static class MunicipalityGate
{
    /// <summary>The routes whose data lives in a municipality's tenant.</summary>
    private static readonly string[] TenantedRoutes = ["/api/cases", "/api/citizens"];

    /// <summary>
    /// Before anything reads data: a request naming a municipality its token does not grant is refused (403), and a
    /// request to tenant data that does not say which of several granted municipalities it means is refused (400).
    /// </summary>
    public static void UseMunicipalityGate(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated != true) { await next(http); return; }
        var chosen = http.Request.Headers[MunicipalityTenancy.Header].ToString();
        var problem = chosen.Length > 0 && !Caller.From(http.User).Municipalities.Contains(chosen)
            ? new ProblemDetails { Status = 403, Title = "Not your municipality", Detail = $"Your token does not grant municipality {chosen}." }
            : TenantedRoutes.Any(r => http.Request.Path.StartsWithSegments(r)) && MunicipalityTenancy.FromRequest(http) is null
                ? new ProblemDetails
                {
                    Status = 400, Title = "Which municipality?",
                    Detail = $"Your token grants {Caller.From(http.User).Municipalities.Count} municipalities: name one in the {MunicipalityTenancy.Header} header.",
                }
                : null;
        if (problem is null) { await next(http); return; }
        http.Response.StatusCode = problem.Status!.Value;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    });
}
