using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using Progression.Tests.Cases.Specifications;

namespace Progression.Tests.Analytics;

/// <summary>
/// Cases for the analyses, folded from events exactly as the projection folds them, on a calendar of plain UTC dates
/// so the expected figures can be worked out by hand. Part ids (barriers, interventions, measurements, outcomes) are
/// small numbers, unique within a case.
/// </summary>
public static class AnalyticsFacts
{
    public static readonly Domain.Catalogue.Catalogue TheCatalogue = CaseSpecification.TheCatalogue;

    // Catalogue ids the analyses' tests lean on.
    public const string MentalIllness = CaseSpecification.MentalIllness;
    public const string HousingProblems = "adult.housing-problems";
    public const string WeakNetwork = "adult.weak-network";
    public const string EconomicProblems = CaseSpecification.EconomicProblems;
    public const string YouthMentalIllness = "youth.mental-illness";
    public const string Individual = CaseSpecification.Individual;
    public const string Institutional = "institutional";
    public const string Interpersonal = "interpersonal";
    public const string Ips = CaseSpecification.Ips;
    public const string IpsName = "IPS (Individual Placement and Support)";
    public const string HousingFirst = CaseSpecification.HousingFirst;
    public const string Kvis = "adult.kvis";
    public const string UTurn = CaseSpecification.UTurn;
    public const string AdultInstrument = CaseSpecification.AdultInstrument;
    public const string YouthInstrument = CaseSpecification.YouthInstrument;

    // The adult instrument's three dimensions, in its order.
    public const string Mastery = "labour-market-education-mastery";
    public const string Search = "job-education-search-skills";
    public const string Everyday = "everyday-mastery";

    public static DateTimeOffset D(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    public static Guid CaseNo(int n) => new($"00000000-0000-0000-ca5e-{n:D12}");

    public static Guid Part(int n) => CaseSpecification.Id(n);

    public static CaseFacts Case(int n, string group, DateTimeOffset openedAt, params object[] events) =>
        events.Aggregate(
            CaseFacts.Open(CaseNo(n), new CaseOpened(CaseNo(n), $"citizen-{n}", group, "0101", [ServiceArea.Employment], openedAt)),
            (facts, e) => facts.Evolve(e));

    public static BarrierIdentified Barrier(int id, string factor, string level, DateTimeOffset at) =>
        new(Part(id), factor, level, null, "described locally", ServiceArea.Social, at);

    public static BarrierResolved Resolved(int barrier, DateTimeOffset at) => new(Part(barrier), at);

    /// <summary>A catalogue intervention, placed in the catalogue's cells, addressing the given barriers.</summary>
    public static InterventionStarted Started(int id, string intervention, DateTimeOffset at, params int[] barriers) =>
        new(Part(id), intervention, null,
            [.. TheCatalogue.FindIntervention(intervention)!.Cells.Select(c => new MatrixCell(c.Factor, c.Level))],
            [.. barriers.Select(Part)], ServiceArea.Employment, "Jobcenter", at);

    public static InterventionStarted StartedLocal(int id, string name, MatrixCell[] cells, DateTimeOffset at, params int[] barriers) =>
        new(Part(id), null, name, cells, [.. barriers.Select(Part)], ServiceArea.Social, "Kommunen", at);

    public static InterventionCompleted Completed(int intervention, DateTimeOffset at) => new(Part(intervention), at);

    public static InterventionDroppedOut DroppedOut(int intervention, DateTimeOffset at) => new(Part(intervention), "moved away", at);

    public static ProgressionMeasured Measured(int id, string instrument, DateTimeOffset at, params (string Dimension, decimal Score)[] scores) =>
        new(Part(id), instrument, 1, scores.ToDictionary(s => s.Dimension, s => s.Score), "mentor-1", at);

    /// <summary>A measurement on the adult instrument: mastery, search skills, everyday mastery.</summary>
    public static ProgressionMeasured Adult(int id, DateTimeOffset at, decimal mastery, decimal search, decimal everyday) =>
        Measured(id, AdultInstrument, at, (Mastery, mastery), (Search, search), (Everyday, everyday));

    public static OutcomeReached Reached(int id, DateTimeOffset at, OutcomeKind kind = OutcomeKind.OrdinaryJob) => new(Part(id), kind, at);

    public static OutcomeRetained Retained(int outcome, int months, DateTimeOffset at) => new(Part(outcome), months, at);

    public static OutcomeLost Lost(int outcome, DateTimeOffset at) => new(Part(outcome), at);
}
