using System.Text.RegularExpressions;
using Wolverine.Http.Runtime.MultiTenancy;

namespace Progression.Api.Cases;

/// <summary>
/// The municipality (kommunekode, four digits, e.g. 0101) is the tenant of every case. Until sign-in exists it comes
/// from the X-Municipality request header; the access-control work moves it to the signed-in user's claims.
/// </summary>
public sealed partial class Municipality : ITenantDetection
{
    public const string Header = "X-Municipality";

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex Code();

    public static string? FromRequest(HttpContext http) =>
        http.Request.Headers[Header].ToString() is var value && Code().IsMatch(value) ? value : null;

    public ValueTask<string?> DetectTenant(HttpContext context) => ValueTask.FromResult(FromRequest(context));
}
