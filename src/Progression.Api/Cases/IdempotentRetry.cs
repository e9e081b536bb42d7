using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Progression.Api.Cases.Opening;
using Wolverine.Http;

namespace Progression.Api.Cases;

/// <summary>
/// Idempotency-Key support for every case command. The key (and a hash of the request) travel as headers on the
/// events the command appends, so they commit atomically with them: there is no separate table that a crash could
/// leave out of step. A retry finds its key on the stream and gets the first answer again, appending nothing.
/// </summary>
public static class IdempotentRetry
{
    public const string Header = "Idempotency-Key";
    private const string KeyHeader = "idempotency-key";
    private const string HashHeader = "idempotency-request-hash";
    private const int MaxKeyLength = 100;

    public static string? KeyOf(HttpContext http) =>
        http.Request.Headers[Header].ToString() is { Length: > 0 } key ? key : null;

    public static async Task<IResult> Before(
        ICaseRequest command, HttpContext http, IDocumentSession session, IOptions<JsonOptions> json, CommandContext context)
    {
        if (context.IdempotencyKey is not { } key) return WolverineContinue.Result();
        if (key.Length > MaxKeyLength)
            return Results.Problem(Problems.Invalid(Header, $"is longer than {MaxKeyLength} characters"));

        var caseId = command is OpenCase
            ? OpenCaseEndpoint.CaseIdFor(context)
            : Guid.TryParse(http.Request.RouteValues["caseId"]?.ToString(), out var id) ? id : Guid.Empty;
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), json.Value.SerializerOptions)));

        var earlier = (await session.Events.FetchStreamAsync(caseId, token: http.RequestAborted))
            .Where(e => e.Headers?.GetValueOrDefault(KeyHeader)?.ToString() == key)
            .ToList();
        if (earlier.Count == 0)
        {
            session.SetHeader(KeyHeader, key);
            session.SetHeader(HashHeader, hash);
            return WolverineContinue.Result();
        }

        if (earlier[0].Headers?.GetValueOrDefault(HashHeader)?.ToString() != hash)
            return Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The Idempotency-Key was used for a different request",
                Detail = "A retry must repeat the first request exactly; use a new key for a new request.",
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [Header] = ["was used for a different request"] } },
            });

        http.Response.Headers["Idempotent-Replayed"] = "true";
        var first = CommandAccepted.For(caseId, earlier.Max(e => e.Version), earlier.Select(e => e.Data));
        return command is OpenCase
            ? Results.Created($"/api/cases/{caseId}", first)
            : Results.Ok(first);
    }
}
