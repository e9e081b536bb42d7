using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Domain.Cases;
using Wolverine.Marten;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Cases;

/// <summary>A request that writes to a case stream: it may be retried safely with an Idempotency-Key.</summary>
public interface ICaseRequest;

/// <summary>What every command on an existing case carries.</summary>
public interface ICaseCommand : ICaseRequest
{
    /// <summary>The stream version the client last saw; may come from the If-Match header instead.</summary>
    long? ExpectedVersion { get; }

    /// <summary>When it happened, if not now: a late registration. Never in the future, never before the case opened.</summary>
    DateTimeOffset? HappenedAt { get; }
}

/// <summary>The answer to an accepted command: the case, its new version, and the id of what the command created.</summary>
public sealed record CommandAccepted(Guid CaseId, long Version, Guid? Id = null)
{
    public static CommandAccepted For(Guid caseId, long version, IEnumerable<object> events) =>
        new(caseId, version, events.OfType<ICreatesCasePart>().Select(e => (Guid?)e.PartId).FirstOrDefault());
}

/// <summary>
/// The request-scoped facts a decision needs besides the case: the catalogue, the clock's reading (taken once, so
/// validation and decision agree on "now"), the municipality and an If-Match version. Tests build it directly.
/// </summary>
public sealed record CommandContext(
    CatalogueModel Catalogue,
    DateTimeOffset Now,
    string Municipality,
    long? IfMatch = null,
    string? IdempotencyKey = null,
    Caller? Caller = null)
{
    /// <summary>Clocks of clients drift: a happened-at this far ahead of ours is still "now".</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public DateTimeOffset HappenedAt(ICaseCommand command) => command.HappenedAt ?? Now;

    /// <summary>
    /// The checks every command on an existing case passes first: the expected version matches (so no write is lost
    /// silently), the case is open (unless the command reopens it), and the happened-at is plausible.
    /// </summary>
    public ProblemDetails? Admit(Case current, ICaseCommand command, bool closedAllowed = false)
    {
        if (Caller is { } caller && !caller.MaySee(current)) return Problems.NoSuchCase(current.Id);
        if (command.ExpectedVersion is { } body && IfMatch is { } header && body != header)
            return Problems.Invalid("expectedVersion", $"the body says {body} but If-Match says {header}");
        var expected = command.ExpectedVersion ?? IfMatch;
        if (expected is null) return Problems.VersionRequired(current.Version);
        if (expected != current.Version) return Problems.StaleVersion(current.Id, expected.Value, current.Version);
        if (current.IsErased) return Problems.Conflict("case", "the citizen of this case was erased: the case is kept for statistics only");
        if (!closedAllowed && !current.IsOpen)
            return Problems.Conflict("case", "the case is closed: only reopening it is possible");
        return CheckHappenedAt(command.HappenedAt, current.OpenedAt);
    }

    public ProblemDetails? CheckHappenedAt(DateTimeOffset? happenedAt, DateTimeOffset? notBefore = null)
    {
        if (happenedAt is not { } at) return null;
        if (at > Now + ClockSkew) return Problems.Invalid("happenedAt", $"{at:O} lies in the future");
        if (notBefore is { } earliest && at < earliest)
            return Problems.Invalid("happenedAt", $"{at:O} is before the case was opened ({earliest:O})");
        return null;
    }

    /// <summary>Accepts a decision: the events to append and the answer the client gets.</summary>
    public static (CommandAccepted, Events) Accept(Case current, params object[] events) =>
        (CommandAccepted.For(current.Id, current.Version + events.Length, events), new Events(events));
}

/// <summary>RFC 7807 problem details that name the field at fault and the reason.</summary>
public static class Problems
{
    public static ProblemDetails Invalid(string field, string reason) =>
        WithField(StatusCodes.Status400BadRequest, "The command is invalid", field, reason);

    /// <summary>Several fields at fault at once; the detail names the first.</summary>
    public static ProblemDetails Invalid(IReadOnlyDictionary<string, string[]> errors) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The command is invalid",
        Detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
        Extensions = { ["errors"] = errors },
    };

    public static ProblemDetails Conflict(string field, string reason) =>
        WithField(StatusCodes.Status409Conflict, "The command conflicts with the case as it stands", field, reason);

    public static ProblemDetails StaleVersion(Guid caseId, long expected, long current) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "The case has changed since you read it",
        Detail = $"Expected version {expected}, but case {caseId} is at version {current}. Read it again and retry.",
        Extensions = { ["currentVersion"] = current, ["errors"] = Errors("expectedVersion", $"is {expected}, current is {current}") },
    };

    public static ProblemDetails NoSuchCase(Guid caseId) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "No such case",
        Detail = $"There is no case {caseId} that you can see in this municipality.",
    };

    public static ProblemDetails VersionRequired(long current) => new()
    {
        Status = StatusCodes.Status428PreconditionRequired,
        Title = "The expected version is required",
        Detail = "Send the version you last read, as expectedVersion in the body or as If-Match.",
        Extensions = { ["currentVersion"] = current, ["errors"] = Errors("expectedVersion", "is required") },
    };

    /// <summary>Runs checks in order and answers with the first problem, or none.</summary>
    public static ProblemDetails? FirstOf(params Func<ProblemDetails?>[] checks) =>
        checks.Select(check => check()).FirstOrDefault(problem => problem is not null);

    public static ProblemDetails? Text(string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
            return required ? Invalid(field, "is required") : null;
        return value.Length > maxLength ? Invalid(field, $"is longer than {maxLength} characters") : null;
    }

    private static ProblemDetails WithField(int status, string title, string field, string reason) => new()
    {
        Status = status,
        Title = title,
        Detail = $"{field}: {reason}",
        Extensions = { ["errors"] = Errors(field, reason) },
    };

    private static Dictionary<string, string[]> Errors(string field, string reason) => new() { [field] = [reason] };
}
