using Microsoft.AspNetCore.Mvc;

namespace Progression.Api.Hosting;

/// <summary>
/// Commands are small: a body over the limit is refused before it is read (413, problem details). Kestrel enforces the
/// same limit for bodies without a Content-Length.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    public static void UseRequestLimits(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large",
                    Detail = $"At most {MaxBodyBytes} bytes are accepted; this request has {http.Request.ContentLength}.",
                },
            });
            return;
        }
        await next(http);
    });
}
