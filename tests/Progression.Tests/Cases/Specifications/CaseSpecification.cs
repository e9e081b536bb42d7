using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases;
using Progression.Domain.Cases;
using Progression.Domain.Catalogue;
using Wolverine;
using Wolverine.Http;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Tests.Cases.Specifications;

/// <summary>
/// Given events, when a command, then events or a problem: the decisions of the case slices are pure functions of the
/// case (folded here from events exactly as the inline projection folds them) and a <see cref="CommandContext"/>.
/// Use with <c>using static</c>.
/// </summary>
public static class CaseSpecification
{
    public static readonly CatalogueModel TheCatalogue = CatalogueLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalogue"));

    public const string MunicipalityCode = "0101";
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset OpenedAt = Now.AddDays(-60);
    public static readonly Guid CaseId = Guid.Parse("0196f000-0000-7000-8000-00000000ca5e");

    // Catalogue ids the specifications lean on.
    public const string MentalIllness = "adult.mental-illness";
    public const string Crime = "adult.crime";
    public const string EconomicProblems = "adult.economic-problems";
    public const string YouthCrime = "youth.crime";
    public const string Individual = "individual";
    public const string Structural = "structural";
    public const string MentalIllnessIndividual = "adult.mental-illness.individual.1";
    public const string MentalIllnessStructural = "adult.mental-illness.structural.1";
    public const string Ips = "adult.ips";
    public const string HousingFirst = "adult.housing-first";
    public const string UTurn = "youth.u-turn";
    public const string AdultInstrument = "boligsocial-progression-goals";
    public const string YouthInstrument = "ten-life-areas";

    /// <summary>A fixed id for a part of the case (barrier, intervention, measurement, outcome), readable in failures.</summary>
    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    /// <summary>A moment on the case's timeline, the given number of days after it opened.</summary>
    public static DateTimeOffset Day(int days) => OpenedAt.AddDays(days);

    /// <summary>The case as the events made it: the first event opens it, and version n follows the n-th event.</summary>
    public static Case Given(params object[] events)
    {
        Assert.NotEmpty(events);
        var opened = Assert.IsType<CaseOpened>(events[0]);
        var current = Case.Open(opened.CaseId, opened) with { Version = 1 };
        for (var i = 1; i < events.Length; i++)
            current = current.Evolve(events[i]) with { Version = i + 1 };
        return current;
    }

    /// <summary>The request's facts at <see cref="Now"/> in municipality 0101.</summary>
    public static CommandContext Context(long? ifMatch = null, string? idempotencyKey = null, string municipality = MunicipalityCode) =>
        new(TheCatalogue, Now, municipality, ifMatch, idempotencyKey);

    /// <summary>A context whose If-Match is the version the client read: the usual, up-to-date request.</summary>
    public static CommandContext Context(Case current) => Context(ifMatch: current.Version);

    // Events to give.
    public static CaseOpened Opened(string targetGroup = "adult") =>
        new(CaseId, "citizen-7f3a", targetGroup, MunicipalityCode, [ServiceArea.Social, ServiceArea.Employment], OpenedAt);

    public static RiskFactorRegistered Registered(string factor, int day = 1) => new(factor, Day(day));

    public static BarrierIdentified Barrier(Guid id, string factor = MentalIllness, string level = Individual,
        string? catalogueBarrier = MentalIllnessIndividual, int day = 2) =>
        new(id, factor, level, catalogueBarrier, catalogueBarrier is null ? "described locally" : null, ServiceArea.Social, Day(day));

    public static InterventionStarted Started(Guid id, Guid[] barriers, int day = 3, string catalogueIntervention = Ips) =>
        new(id, catalogueIntervention, null,
            [.. TheCatalogue.FindIntervention(catalogueIntervention)!.Cells.Select(c => new MatrixCell(c.Factor, c.Level))],
            barriers, ServiceArea.Employment, "Jobcenter", Day(day));

    public static ProgressionMeasured Measured(Guid id, int day, string instrument = AdultInstrument) =>
        new(id, instrument, 1, Scores(instrument), "mentor-1", Day(day));

    public static Dictionary<string, decimal> Scores(string instrument = AdultInstrument, decimal score = 5m) =>
        TheCatalogue.FindInstrument(instrument)!.Dimensions.ToDictionary(d => d.Id, _ => score);

    // Then.
    public static void ThenAccepted(ProblemDetails problem) =>
        Assert.True(ReferenceEquals(WolverineContinue.NoProblems, problem),
            $"expected the command to be accepted, but got {problem.Status}: {problem.Detail}");

    public static void ThenProblem(ProblemDetails problem, int status, string field)
    {
        Assert.False(ReferenceEquals(WolverineContinue.NoProblems, problem), $"expected a {status} on '{field}', but the command was accepted");
        Assert.Equal(status, problem.Status);
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.True(errors.ContainsKey(field), $"expected an error on '{field}', got: {problem.Detail}");
    }

    /// <summary>The answer names the case, its version after the events, and the part the command created (if any).</summary>
    public static void ThenAnswer(CommandAccepted accepted, Case current, int events, Guid? id = null) =>
        Assert.Equal(new CommandAccepted(current.Id, current.Version + events, id), accepted);

    /// <summary>Exactly one event was decided, of type <typeparamref name="T"/>.</summary>
    public static T ThenSingle<T>(IEnumerable<object> events) => Assert.IsType<T>(Assert.Single(events));

    /// <summary>Exactly these events were decided (for events without list-valued fields, which compare by value).</summary>
    public static void ThenEvents(IEnumerable<object> events, params object[] expected) => Assert.Equal(expected, events);
}
