using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// The request could not be read as HTTP (malformed chunk framing, a body over the limit while reading it): the
/// server's own status for it (400 or 413), as problem details. A client error, so nothing is logged above debug.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var problem = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? RequestLimits.TooLarge()
            : new ProblemDetails
            {
                Status = bad.StatusCode, Title = "The request could not be read",
                Detail = "The request is not well-formed HTTP (e.g. its chunked body is framed wrongly).",
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [BodyShape.Root] = ["could not be read"] } },
            };
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>
/// PostgreSQL is down, restarting or out of connections: answer 503 with Retry-After at once, so clients retry
/// rather than report a fault. Nothing was written (a command's events and messages commit together or not at all).
/// One warning line is logged, without the stack trace or any statement.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> log) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!IsUnavailable(exception)) return false;
        log.LogWarning("Database unavailable for {Method} {Route}: {Reason}", http.Request.Method,
            http.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.DisplayName ?? "(no endpoint)", Reason(exception));
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = $"Nothing was written. Try again in {RetryAfterSeconds} seconds.",
            },
            Exception = exception,
        });
    }

    /// <summary>A transient database fault anywhere in the chain (Marten and Wolverine wrap Npgsql's exceptions).</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is NpgsqlException { IsTransient: true } or TimeoutException) return true;
        return false;
    }

    private static string Reason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException pg) return $"PostgreSQL {pg.SqlState}";
        return exception.GetBaseException().GetType().Name;
    }
}
