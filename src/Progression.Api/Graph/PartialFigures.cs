using GraphQL;
using Progression.Api.Hosting;

namespace Progression.Api.Graph;

/// <summary>Figures read from several databases, one of which may not have answered.</summary>
public static class PartialFigures
{
    public const string MunicipalitiesMissing = "MUNICIPALITIES_MISSING", DatabasesMissing = "DATABASES_MISSING";

    /// <summary>
    /// The figure, and when a database holding some of the municipalities did not answer, an error beside it naming
    /// them (code <c>MUNICIPALITIES_MISSING</c> and their codes in the extension <c>missing</c>; for a figure over every
    /// database, <c>DATABASES_MISSING</c> and the databases): a partial figure is never silent.
    /// </summary>
    public static T Whole<T>(this IResolveFieldContext ctx, Combined<T> figure, string code = MunicipalitiesMissing)
    {
        if (figure.Missing.Count > 0)
            ctx.Errors.Add(new MissingPartError(code, figure.Missing,
                $"Left out: {(code == DatabasesMissing ? "databases" : "municipalities")} {string.Join(", ", figure.Missing)}, "
                + "whose database did not answer. The figures count the others only.") { Path = ctx.Path });
        return figure.Value;
    }

    /// <summary>Each answering database's part, the missing ones named as for a figure.</summary>
    public static IReadOnlyList<T> Whole<T>(this IResolveFieldContext ctx, Spread<T> parts) =>
        ctx.Whole(new Combined<IReadOnlyList<T>>(parts.Parts, parts.Missing));
}

/// <summary>The error beside a partial figure: what it leaves out, for a dashboard to show (see <see cref="QuietErrors"/>).</summary>
public sealed class MissingPartError : ExecutionError
{
    public MissingPartError(string code, IReadOnlyList<string> missing, string message) : base(message)
    {
        Missing = missing;
        Code = code;
    }

    public IReadOnlyList<string> Missing { get; }
}
