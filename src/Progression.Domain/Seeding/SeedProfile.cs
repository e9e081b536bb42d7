using Progression.Domain.Cases;

namespace Progression.Domain.Seeding;

/// <summary>A span of days a delay is drawn from, uniformly.</summary>
internal readonly record struct DayRange(double From, double To);

/// <summary>What differs between the target groups.</summary>
internal sealed record GroupProfile(
    double Share,
    ServiceArea HomeArea,
    double DropOutRate,
    double BaselineScore,
    double OutcomeHazard,
    IReadOnlyList<(OutcomeKind Kind, double Weight)> OutcomeKinds,
    IReadOnlyList<string> LocalInterventions);

/// <summary>
/// Every rate, share and duration of the generated pathways in one place; docs/seed-data.md gives each and why.
/// Durations are in days. Figures marked "report" lean on VIVE (2018) (line numbers of shared/seed/000_34aeeeeb298b4be7.txt);
/// the rest are our assumptions.
/// </summary>
internal static class SeedProfile
{
    // Where and when.
    public const double MunicipalityZipfExponent = 0.8;
    public const double OpenedWithinDays = 3 * 365;
    public const int CasesPerMentor = 40;

    public static readonly IReadOnlyDictionary<string, GroupProfile> Groups = new Dictionary<string, GroupProfile>
    {
        // Report: young people drop out more (49 % and 53 % did not finish two youth programmes, l. 4231, 4474); youth
        // outcomes are mostly education (Brobygning 45 % education, 8 % work, l. 4033; KVIK 18 % and 7 %, l. 4292).
        ["adult"] = new(0.6, ServiceArea.Employment, DropOutRate: 0.25, BaselineScore: 3.5, OutcomeHazard: 0.06,
            [(OutcomeKind.OrdinaryJob, 35), (OutcomeKind.SubsidisedJob, 30), (OutcomeKind.FlexJob, 15),
             (OutcomeKind.EducationStarted, 15), (OutcomeKind.Other, 5)],
            ["Lokalt mentorforløb", "Virksomhedspraktik med støtte", "Gruppeforløb om hverdagsmestring",
             "Motion og trivsel", "Netværkscafé"]),
        ["youth"] = new(0.4, ServiceArea.Education, DropOutRate: 0.35, BaselineScore: 4.0, OutcomeHazard: 0.07,
            [(OutcomeKind.EducationStarted, 65), (OutcomeKind.OrdinaryJob, 20), (OutcomeKind.SubsidisedJob, 8),
             (OutcomeKind.Other, 7)],
            ["Fritidsjob med støtte", "Lektiecafé", "Værkstedsforløb", "Ungegruppe om trivsel", "Brobygning på egen skole"]),
    };

    // Risk factors: the share of cases with each (independent draws; a case with none gets one, drawn by these weights).
    public static readonly IReadOnlyDictionary<string, double> FactorPrevalence = new Dictionary<string, double>
    {
        ["adult.mental-illness"] = 0.40, // report: many with mental illness outside the labour market (l. 564)
        ["adult.physical-health-problems"] = 0.30,
        ["adult.disability"] = 0.08,
        ["adult.alcohol-and-drug-abuse"] = 0.15,
        ["adult.lacking-qualifications"] = 0.35, // report: 58 % without vocational education (l. 522)
        ["adult.language-problems"] = 0.12,
        ["adult.limited-competences"] = 0.20,
        ["adult.social-problems"] = 0.20,
        ["adult.weak-network"] = 0.20,
        ["adult.economic-problems"] = 0.35, // report: 58 % of cash-benefit recipients owe the state (l. 594)
        ["adult.housing-problems"] = 0.10,
        ["adult.crime"] = 0.06,
        ["adult.prostitution"] = 0.01,
        ["adult.non-western-immigrants"] = 0.20, // report: one in five (l. 511)
        ["adult.deprived-housing-areas"] = 0.12,
        ["youth.mental-illness"] = 0.50, // report: 53 % of young people not ready for work (l. 924)
        ["youth.physical-health-problems"] = 0.10,
        ["youth.risky-substance-use"] = 0.20,
        ["youth.lacking-academic-skills"] = 0.40,
        ["youth.lacking-motivation"] = 0.35,
        ["youth.expectation-pressure"] = 0.10,
        ["youth.lacking-social-skills"] = 0.20,
        ["youth.weak-network"] = 0.20,
        ["youth.family-problems"] = 0.20,
        ["youth.transition-to-adulthood"] = 0.10,
        ["youth.housing-problems"] = 0.06,
        ["youth.economic-problems"] = 0.10,
        ["youth.crime"] = 0.08,
        ["youth.deprived-housing-areas"] = 0.10,
        ["youth.non-western-immigrants"] = 0.15,
    };

    /// <summary>A factor the catalogue gains later is still drawn, rarely, until it has a figure of its own.</summary>
    public const double UnlistedFactorPrevalence = 0.05;

    public static readonly DayRange FactorRegisteredIn = new(0, 14);

    // Barriers.
    /// <summary>How many barriers a registered factor with catalogue barriers gets: 1, 2 or 3.</summary>
    public static readonly double[] BarriersPerFactor = [0.50, 0.35, 0.15];
    public const double LocalBarrierShare = 0.10;
    public const double LocalOnlyBarrierShare = 0.6;
    public static readonly DayRange BarrierIdentifiedIn = new(0, 30);
    public const double LaterBarrierShare = 0.25;
    public static readonly DayRange LaterBarrierIn = new(60, 365);
    public static readonly IReadOnlyDictionary<string, double> LocalBarrierLevels = new Dictionary<string, double>
    {
        ["structural"] = 0.15, ["institutional"] = 0.20, ["interpersonal"] = 0.25, ["individual"] = 0.40,
    };
    public const double UntreatedBarrierResolvedShare = 0.25;
    public static readonly DayRange UntreatedBarrierResolvedIn = new(90, 720);
    public const double FactorClearedShare = 0.3;
    public static readonly DayRange FactorClearedIn = new(0, 60);

    // Interventions.
    public const double BarrierAddressedShare = 0.85;
    public static readonly DayRange InterventionStartedIn = new(7, 60);
    public const double EvidenceWeight = 3;
    public const double PositiveIndicationWeight = 1;
    public const double LocalInsteadOfCatalogueShare = 0.15;
    public const double LocalWhereCatalogueHasNoneShare = 0.5;
    public const double LocalCoversAnotherLevelShare = 0.3;
    public const double SpecialistAreaShare = 0.6;
    public static readonly DayRange CompletionBase = new(60, 120);
    public const double CompletionTailMean = 90;
    public const double LongestIntervention = 540;
    public static readonly DayRange DropOutIn = new(14, 150);
    public const double ResolvedOnCompletionShare = 0.7;
    public static readonly DayRange ResolvedAfterCompletionIn = new(0, 30);
    public const double RetryAfterCompletionShare = 0.5;
    public static readonly DayRange RetryAfterCompletionIn = new(14, 90);
    public const double RetryAfterDropOutShare = 0.5;
    public static readonly DayRange RetryAfterDropOutIn = new(30, 120);

    // Mentors.
    public const double MentorAssignedShare = 0.75;
    public static readonly DayRange MentorAssignedIn = new(0, 21);
    public const double MentorChangedShare = 0.15;
    public static readonly DayRange MentorChangedIn = new(90, 540);

    // Progression measurements and the scores' drift (score points per quarter of 91 days, before each dimension's pace).
    public const double MeasuredShare = 0.9;
    public static readonly DayRange FirstMeasurementIn = new(3, 30);
    public static readonly DayRange MeasurementJitter = new(-7, 21);
    public const double MeasurementSkippedShare = 0.08;
    public const double QuarterDays = 91;
    public const double EvidenceGain = 0.5;
    public const double PositiveIndicationGain = 0.4;
    public const double LocalGain = 0.25;
    public const double GainCap = 0.8;
    public const double DriftWithoutHelp = -0.1;
    public const double BaselineSpread = 0.9;
    public const double DimensionSpread = 0.8;
    public static readonly DayRange DimensionPace = new(0.4, 1.6);
    public const double ScoreNoise = 0.6;
    public const double DropOutSetback = -0.4;
    public const double OutcomeBoost = 0.5;
    public const double LossSetback = -0.5;

    // Outcomes and retention.
    public const double OutcomeReviewDays = 30;
    public const double OutcomeNotBeforeDays = 60;
    public const int OutcomesPerCase = 2;
    /// <summary>The chance an outcome is lost before the 3-, 6- and 12-month checks, given it lasted until the one before.</summary>
    // Report: of those who started, 13 % fell off again within one programme's period (73 % and 11 %, l. 4416); a year is
    // longer, so about one in five here.
    public static readonly double[] LostBeforeCheckpoint = [0.10, 0.06, 0.06];
    public static readonly int[] RetentionCheckpoints = [3, 6, 12];
    /// <summary>Recorded from 13 days before the check falls due (the service allows 14) to three weeks after.</summary>
    public static readonly DayRange RetentionCheckRecorded = new(-13, 21);
    public const double RetentionCheckMissedShare = 0.05;

    // Closing and reopening.
    public const double ClosedOnceRetainedShare = 0.8;
    public static readonly DayRange ClosedAfterRetentionIn = new(0, 45);
    public const double OtherClosingMeanDays = 40 * 30.4;
    public const double EarliestOtherClosing = 30;
    public const double ReopenedShare = 0.1;
    public static readonly DayRange ReopenedIn = new(30, 240);
    public const double ClosingAfterReopeningMeanDays = 365;

    // Free text: neutral, invented, about offers and circumstances, never about a person.
    public static readonly IReadOnlyDictionary<ServiceArea, string> Providers = new Dictionary<ServiceArea, string>
    {
        [ServiceArea.Employment] = "Jobcenter", [ServiceArea.Social] = "Socialcenter",
        [ServiceArea.Health] = "Sundhedscenter", [ServiceArea.Education] = "Uddannelsesvejledningen",
    };

    public static readonly IReadOnlyDictionary<string, string[]> LocalBarrierDescriptions = new Dictionary<string, string[]>
    {
        ["structural"] = ["Få relevante praktikpladser i lokalområdet", "Lang transporttid til tilbuddet"],
        ["institutional"] = ["Venteliste til udredning", "Skiftende sagsbehandlere", "Tilbuddene er ikke koordineret"],
        ["interpersonal"] = ["Få at støtte sig til i hverdagen", "Netværket trækker væk fra uddannelse og job"],
        ["individual"] = ["Svært ved at holde en fast døgnrytme", "Lav tro på egne evner", "Usikker på hvad der skal ske"],
    };

    public const string OtherLocalBarrier = "Barriere beskrevet lokalt";

    public static readonly string[] DropOutReasons =
    [
        "Mødte ikke op til aftalerne", "Forløbet passede ikke til behovet", "Sygdom i en længere periode",
        "Flyttede fra kommunen", "Ønskede selv at stoppe",
    ];

    public const string StoppedByClosing = "Forløbet stoppede, da sagen blev lukket";

    public static readonly string[] LossReasons =
        ["Ansættelsen ophørte i prøveperioden", "Faldt fra uddannelsen", "Sygemeldt og stoppede", "Kontrakten udløb"];

    public static readonly string[] ClosingReasons =
    [
        "Flyttet til anden kommune", "Overgået til andet tilbud", "Ønsker ikke længere forløbet",
        "Forløbet afsluttet uden job eller uddannelse",
    ];

    public const string RetainedInJob = "Fastholdt i job";
    public const string RetainedInEducation = "Fastholdt i uddannelse";

    public static readonly string[] ReopeningReasons = ["Henvendte sig igen", "Ny henvisning fra jobcentret"];
}
