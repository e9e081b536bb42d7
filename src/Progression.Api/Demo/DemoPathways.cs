using static Progression.Api.Demo.DemoLoader;

namespace Progression.Api.Demo;

public sealed record DemoStep(int DaysAgo, string Path, object Body);

public sealed record DemoPathway(
    string Municipality, string Group, string CitizenReference, int OpenedDaysAgo, string[] Services, IReadOnlyList<DemoStep> Steps)
{
    /// <summary>The demo opens each case with this Idempotency-Key, so a re-run lands on the same stream.</summary>
    public string OpeningKey => "demo:" + CitizenReference;

    public Guid CaseId => Cases.Opening.OpenCaseEndpoint.KeyedCaseId(Municipality, OpeningKey);
}

/// <summary>
/// Six invented pathways in two municipalities (0101 København, 0751 Aarhus), both target groups, at different
/// stages: progression on the way, outcomes retained and lost, a drop-out, blind spots, a due follow-up, a reopening.
/// Dates are relative to the first start. No real person is described.
/// </summary>
public static class DemoPathways
{
    private static DemoStep Factor(int daysAgo, string factor) => new(daysAgo, "risk-factors", new { factor });

    private static DemoStep Barrier(int daysAgo, string name, string catalogueBarrier, string serviceArea)
    {
        var parts = catalogueBarrier.Split('.');
        return new(daysAgo, "barriers", new
        {
            barrierId = Id(name), factor = $"{parts[0]}.{parts[1]}", level = parts[2], catalogueBarrier, serviceArea,
        });
    }

    private static DemoStep Start(int daysAgo, string name, string intervention, string serviceArea, string provider, params string[] barriers) =>
        new(daysAgo, "interventions", new
        {
            interventionId = Id(name), catalogueIntervention = intervention, barriers = barriers.Select(Id).ToArray(), serviceArea, provider,
        });

    private static DemoStep Measure(int daysAgo, string instrument, string mentor, Dictionary<string, decimal> scores) =>
        new(daysAgo, "measurements", new { instrument, measuredBy = mentor, scores });

    private static Dictionary<string, decimal> Goals(decimal mastery, decimal search, decimal everyday) => new()
    {
        ["labour-market-education-mastery"] = mastery, ["job-education-search-skills"] = search, ["everyday-mastery"] = everyday,
    };

    private static Dictionary<string, decimal> LifeAreas(params decimal[] scores) =>
        new[] { "education", "work", "social-life", "mental-wellbeing", "substances", "finances", "practical-tasks", "housing", "family-relations", "physical-condition" }
            .Zip(scores).ToDictionary(p => p.First, p => p.Second);

    public static IReadOnlyList<DemoPathway> All { get; } =
    [
        new("0101", "adult", "demo-kbh-a1", 300, ["employment", "health"],
        [
            Factor(295, "adult.mental-illness"),
            Factor(295, "adult.alcohol-and-drug-abuse"),
            Barrier(290, "a1-esteem", "adult.mental-illness.individual.1", "health"),
            Barrier(290, "a1-psychiatry", "adult.mental-illness.institutional.2", "health"),
            Barrier(288, "a1-network", "adult.alcohol-and-drug-abuse.interpersonal.2", "social"),
            new(285, "mentors", new { mentorId = "mentor-kbh-01" }),
            Start(280, "a1-screening", "adult.screenings-og-udredningsmodel", "health", "Psykiatrien Region Hovedstaden", "a1-psychiatry"),
            Measure(278, "boligsocial-progression-goals", "mentor-kbh-01", Goals(2, 2, 3)),
            new(200, "interventions/complete", new { interventionId = Id("a1-screening") }),
            new(199, "barriers/resolve", new { barrierId = Id("a1-psychiatry") }),
            Start(195, "a1-ips", "adult.ips", "employment", "Jobcenter København", "a1-esteem"),
            Measure(187, "boligsocial-progression-goals", "mentor-kbh-01", Goals(4, 3, 5)),
            Measure(96, "boligsocial-progression-goals", "mentor-kbh-01", Goals(6, 5, 6)),
        ]),
        new("0101", "adult", "demo-kbh-a2", 420, ["social", "employment"],
        [
            Factor(415, "adult.housing-problems"),
            Factor(415, "adult.economic-problems"),
            Barrier(410, "a2-coordination", "adult.housing-problems.institutional.1", "social"),
            Barrier(410, "a2-eviction", "adult.economic-problems.individual.3", "social"),
            Start(405, "a2-housing-first", "adult.housing-first", "social", "Kofoeds Skole", "a2-coordination"),
            Start(400, "a2-debt", "adult.gaeldsraadgivning", "social", "Gældsrådgivningen", "a2-eviction"),
            new(330, "interventions/complete", new { interventionId = Id("a2-debt") }),
            new(329, "barriers/resolve", new { barrierId = Id("a2-eviction") }),
            new(250, "outcomes", new { outcomeId = Id("a2-job"), kind = "subsidised-job" }),
            new(155, "outcomes/retained", new { outcomeId = Id("a2-job"), checkpointMonths = 3 }),
            new(65, "outcomes/retained", new { outcomeId = Id("a2-job"), checkpointMonths = 6 }),
        ]),
        new("0751", "adult", "demo-aar-a3", 210, ["employment", "education"],
        [
            Factor(205, "adult.non-western-immigrants"),
            Factor(205, "adult.weak-network"),
            Barrier(200, "a3-language", "adult.non-western-immigrants.individual.1", "education"),
            Barrier(200, "a3-experience", "adult.non-western-immigrants.individual.4", "employment"),
            Barrier(199, "a3-network", "adult.weak-network.interpersonal.2", "social"),
            new(198, "mentors", new { mentorId = "mentor-aar-04" }),
            Start(190, "a3-omsorg", "adult.omsorgsarbeiderprosjektet", "education", "Aarhus Sprogcenter", "a3-language", "a3-experience"),
            new(120, "interventions/drop-out", new { interventionId = Id("a3-omsorg"), reason = "Stopped attending after a family move" }),
            Start(100, "a3-arbeid", "adult.arbeid-i-sikte", "employment", "Jobcenter Aarhus", "a3-experience"),
        ]),
        new("0101", "youth", "demo-kbh-y1", 380, ["education", "social"],
        [
            Factor(375, "youth.lacking-academic-skills"),
            Factor(375, "youth.lacking-motivation"),
            Barrier(370, "y1-dropout", "youth.lacking-academic-skills.individual.2", "education"),
            Barrier(370, "y1-success", "youth.lacking-motivation.individual.1", "education"),
            new(368, "mentors", new { mentorId = "mentor-kbh-02" }),
            Start(365, "y1-bridge", "youth.brobygningsforloeb", "education", "Københavns Professionshøjskole", "y1-dropout", "y1-success"),
            new(280, "interventions/complete", new { interventionId = Id("y1-bridge") }),
            new(278, "barriers/resolve", new { barrierId = Id("y1-success") }),
            new(240, "outcomes", new { outcomeId = Id("y1-education"), kind = "education-started" }),
            new(140, "outcomes/retained", new { outcomeId = Id("y1-education"), checkpointMonths = 3 }),
            new(50, "outcomes/lost", new { outcomeId = Id("y1-education"), reason = "Dropped out in the second semester" }),
        ]),
        new("0751", "youth", "demo-aar-y2", 260, ["health", "education", "social"],
        [
            Factor(255, "youth.mental-illness"),
            Factor(255, "youth.transition-to-adulthood"),
            Barrier(250, "y2-coordination", "youth.mental-illness.institutional.1", "health"),
            Barrier(250, "y2-institutions", "youth.transition-to-adulthood.institutional.1", "social"),
            Barrier(249, "y2-success", "youth.mental-illness.individual.3", "education"),
            new(248, "mentors", new { mentorId = "mentor-aar-07" }),
            Start(245, "y2-satspulje", "youth.satspulje-overgang-barn-voksen", "social", "Aarhus Kommune, Socialforvaltningen", "y2-coordination", "y2-institutions"),
            Measure(244, "ten-life-areas", "mentor-aar-07", LifeAreas(2, 1, 3, 2, 6, 3, 4, 5, 3, 5)),
            Measure(150, "ten-life-areas", "mentor-aar-07", LifeAreas(4, 2, 4, 4, 7, 4, 5, 6, 4, 6)),
        ]),
        new("0101", "youth", "demo-kbh-y3", 330, ["social", "employment"],
        [
            Factor(325, "youth.crime"),
            Barrier(320, "y3-record", "youth.crime.institutional.1", "employment"),
            Barrier(320, "y3-network", "youth.crime.interpersonal.1", "social"),
            Start(318, "y3-highfive", "youth.high-five", "employment", "High:five", "y3-record", "y3-network"),
            new(230, "interventions/complete", new { interventionId = Id("y3-highfive") }),
            new(225, "outcomes", new { outcomeId = Id("y3-job"), kind = "ordinary-job" }),
            new(130, "close", new { reason = "In ordinary employment" }),
            new(40, "reopen", new { reason = "Lost the job; asked for help again" }),
            new(39, "outcomes/lost", new { outcomeId = Id("y3-job"), reason = "Dismissed" }),
        ]),
    ];
}
