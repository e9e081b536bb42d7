using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Progression.Api.Cases;

namespace Progression.Api.Hosting;

/// <summary>
/// What every endpoint would otherwise meet half-checked, checked once before it runs: route values that cannot name
/// anything (the empty id, control characters), and command bodies that cannot become the command (not JSON, not an
/// object, a field of the wrong kind, missing or unknown, a NUL character PostgreSQL cannot store). Each answers 400
/// (or 413) with <c>errors</c> naming the field; nothing reaches a handler, a log line or the database.
/// </summary>
public static class RequestChecks
{
    public static void UseRequestChecks(this WebApplication app)
    {
        var shape = new BodyShape(app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
        app.Use(async (http, next) =>
        {
            var problem = RouteProblem(http) ?? await BodyProblem(http, shape);
            if (problem is null) await next(http);
            else await Write(http, problem);
        });
    }

    private static ProblemDetails? RouteProblem(HttpContext http)
    {
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (value is not string text) continue;
            if (text.Any(char.IsControl)) return Problems.Invalid(name, "must not contain control characters");
            if (name.EndsWith("Id", StringComparison.Ordinal) && Guid.TryParse(text, out var id) && id == Guid.Empty)
                return Problems.Invalid(name, "must not be the empty id");
        }
        return null;
    }

    private static async Task<ProblemDetails?> BodyProblem(HttpContext http, BodyShape shape)
    {
        // (A body that is not JSON never gets here: routing answers 415 for it.)
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: { } type }
            || type == typeof(void) || HttpMethods.IsGet(http.Request.Method)) return null;

        var body = await RequestLimits.ReadBodyAsync(http);
        if (body is null) return RequestLimits.TooLarge();
        http.Request.Body = new MemoryStream(body, writable: false);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Problems.Invalid(Root, $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }
        using (document)
        {
            var errors = shape.Check(document.RootElement, type);
            return errors.Count == 0 ? null : Problems.Invalid(errors);
        }
    }

    private const string Root = BodyShape.Root;

    public static Task Write(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }).AsTask();
    }
}
