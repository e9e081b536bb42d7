namespace Progression.Api.Hosting;

/// <summary>
/// Requests are small: a body over the limit is refused before it is read when it says its length (413, problem
/// details), and while it is read when it does not (chunked). Kestrel enforces the same limit as a last line.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    public static void UseRequestLimits(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentLength > MaxBodyBytes) await RequestChecks.Write(http, TooLarge(http.Request.ContentLength));
        else await next(http);
    });

    public static Microsoft.AspNetCore.Mvc.ProblemDetails TooLarge(long? length = null) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The request body is too large",
        Detail = $"At most {MaxBodyBytes} bytes are accepted" + (length is { } l ? $"; this request has {l}." : "."),
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [BodyShape.Root] = [$"is larger than {MaxBodyBytes} bytes"] } },
    };

    /// <summary>The whole body, or null when it is longer than the limit (then it is not read further).</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
