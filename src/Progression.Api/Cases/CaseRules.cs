using Microsoft.AspNetCore.Mvc;
using Progression.Domain.Cases;

namespace Progression.Api.Cases;

/// <summary>Checks of catalogue references that several commands share.</summary>
public static class CaseRules
{
    public static ProblemDetails? FactorOfGroup(CommandContext context, Case current, string field, string factor)
    {
        var owner = context.Catalogue.GroupOfFactor(factor);
        if (owner is null) return Problems.Invalid(field, $"'{factor}' is not a risk factor of the catalogue");
        return owner == current.TargetGroup
            ? null
            : Problems.Invalid(field, $"'{factor}' is a risk factor of group '{owner}', but this case is in group '{current.TargetGroup}'");
    }

    public static ProblemDetails? Level(CommandContext context, string field, string level) =>
        context.Catalogue.IsLevel(level)
            ? null
            : Problems.Invalid(field, $"'{level}' is not a level ({string.Join(", ", context.Catalogue.Levels.Select(l => l.Id))})");

    /// <summary>A cell of this case's matrix: a factor of its group on a known level.</summary>
    public static ProblemDetails? Cell(CommandContext context, Case current, string field, MatrixCell cell) =>
        FactorOfGroup(context, current, $"{field}.factor", cell.Factor) ?? Level(context, $"{field}.level", cell.Level);

    /// <summary>Things happen in order: an end is not dated before its beginning.</summary>
    public static ProblemDetails? NotBefore(DateTimeOffset at, DateTimeOffset? earliest, string what) =>
        at < earliest ? Problems.Invalid("happenedAt", $"is before {what} ({earliest:O})") : null;

    public static ProblemDetails? NewPart(string field, Guid? id, bool exists) =>
        id == Guid.Empty ? Problems.Invalid(field, "must not be the empty id")
        : exists ? Problems.Conflict(field, $"{id} already exists on this case")
        : null;
}
