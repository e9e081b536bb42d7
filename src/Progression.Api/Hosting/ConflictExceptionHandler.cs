using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Progression.Api.Hosting;

/// <summary>
/// Two writers raced on one stream and the database refused the later append (its version check happens at commit,
/// after our own check passed): answer 409, as for any stale version. Nothing was written.
/// </summary>
public sealed class ConflictExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var detail = exception switch
        {
            ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException =>
                "A case with this id already exists.",
            ConcurrencyException => "The case changed while your command was being decided. Read it again and retry.",
            _ => null,
        };
        if (detail is null) return false;

        http.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = 409, Title = "Conflict", Detail = detail },
            Exception = exception,
        });
    }
}
