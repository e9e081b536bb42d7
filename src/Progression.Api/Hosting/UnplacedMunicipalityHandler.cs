using JasperFx.MultiTenancy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Progression.Api.Hosting;

/// <summary>
/// With explicit placement (<see cref="DatabasePool"/>), a municipality no operator has placed on a database yet has
/// nowhere to keep its data: 503 naming it and the command that places it, nothing written. Not a server fault, so
/// one warning line, no stack trace; no Retry-After, since waiting does not place it.
/// </summary>
public sealed class UnplacedMunicipalityHandler(IProblemDetailsService problems, ILogger<UnplacedMunicipalityHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception.GetBaseException() is not UnknownTenantIdException unknown) return false;
        log.LogWarning("Municipality {Municipality} is not placed on a database of the pool", unknown.TenantId);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Municipality not placed",
                Detail = $"Municipality {unknown.TenantId} has no database yet. Nothing was written. "
                         + $"An operator places it: ./run.sh databases place {unknown.TenantId} <database>.",
            },
            Exception = exception,
        });
    }
}
