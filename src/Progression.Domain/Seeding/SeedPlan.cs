using Progression.Domain.Cases;
using Progression.Domain.Catalogue;
using Barrier = Progression.Domain.Catalogue.Barrier;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Domain.Seeding;

/// <summary>A risk factor as the generator draws it: how common, which service area meets it, its catalogue barriers.</summary>
internal sealed record FactorPlan(string Id, double Prevalence, ServiceArea Area, IReadOnlyList<Barrier> Barriers);

/// <summary>A catalogue intervention with its cells as events carry them and its weight when one is chosen for a cell.</summary>
internal sealed record InterventionPlan(Intervention Intervention, IReadOnlyList<MatrixCell> Cells, double Weight, double Gain);

/// <summary>One target group of the catalogue, looked up once so each case draws from arrays and dictionaries.</summary>
internal sealed class GroupPlan
{
    private static readonly IReadOnlyList<InterventionPlan> None = [];
    private readonly Dictionary<(string Factor, string Level), IReadOnlyList<InterventionPlan>> _byCell;

    public GroupPlan(CatalogueModel catalogue, TargetGroup group, GroupProfile profile)
    {
        Id = group.Id;
        Profile = profile;
        Instrument = catalogue.Instruments.FirstOrDefault(i => i.Group == group.Id) ?? catalogue.Instruments.FirstOrDefault(i => i.Group is null);
        var areaOfFactor = group.Categories
            .SelectMany(c => c.Factors.Select(f => (f.Id, Area: AreaOfCategory(c.Id))))
            .ToDictionary(f => f.Id, f => f.Area);
        Factors =
        [
            .. group.RiskFactors.Select(f => new FactorPlan(f.Id,
                SeedProfile.FactorPrevalence.GetValueOrDefault(f.Id, SeedProfile.UnlistedFactorPrevalence),
                areaOfFactor[f.Id], [.. group.Barriers.Where(b => b.Factor == f.Id)])),
        ];
        FactorWeights = Cumulative(Factors.Select(f => f.Prevalence));
        var interventions = group.Interventions.Select(i => new InterventionPlan(i,
            [.. i.Cells.Select(c => new MatrixCell(c.Factor, c.Level))],
            i.Evidence == EvidenceGrade.Evidence ? SeedProfile.EvidenceWeight : SeedProfile.PositiveIndicationWeight,
            i.Evidence == EvidenceGrade.Evidence ? SeedProfile.EvidenceGain : SeedProfile.PositiveIndicationGain)).ToList();
        _byCell = interventions
            .SelectMany(i => i.Intervention.Cells.Select(c => (Cell: (c.Factor, c.Level), Plan: i)))
            .GroupBy(x => x.Cell, x => x.Plan)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<InterventionPlan>)[.. g]);
        LocalLevels = [.. catalogue.Levels.Select(l => l.Id)];
        LocalLevelWeights = Cumulative(LocalLevels.Select(l => SeedProfile.LocalBarrierLevels.GetValueOrDefault(l, 0.1)));
        OutcomeKindWeights = Cumulative(profile.OutcomeKinds.Select(k => k.Weight));
    }

    public string Id { get; }
    public GroupProfile Profile { get; }
    public Instrument? Instrument { get; }
    public IReadOnlyList<FactorPlan> Factors { get; }
    public double[] FactorWeights { get; }
    public IReadOnlyList<string> LocalLevels { get; }
    public double[] LocalLevelWeights { get; }
    public double[] OutcomeKindWeights { get; }

    /// <summary>The group's catalogue interventions placed in a cell.</summary>
    public IReadOnlyList<InterventionPlan> InterventionsIn(string factor, string level) => _byCell.GetValueOrDefault((factor, level), None);

    /// <summary>The service area that usually meets a risk category's problems (by the category's id within its group).</summary>
    private static ServiceArea AreaOfCategory(string categoryId) => categoryId[(categoryId.IndexOf('.') + 1)..] switch
    {
        "health" or "substance-problems" => ServiceArea.Health,
        "education" => ServiceArea.Education,
        _ => ServiceArea.Social,
    };

    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var total = 0.0;
        return [.. weights.Select(w => total += w)];
    }
}

/// <summary>A municipality cases are spread over, with its pool of mentors ("mentor-0101-07").</summary>
internal sealed record MunicipalityPlan(string Code, string Name, int Mentors);

/// <summary>What every case draws from: the groups, the municipalities with their weights, the seed and the clock.</summary>
internal sealed class SeedPlan
{
    public SeedPlan(CatalogueModel catalogue, SeedOptions options)
    {
        Seed = options.Seed;
        NowTicks = options.Now.UtcTicks;
        Groups =
        [
            .. catalogue.Groups.Select(g => new GroupPlan(catalogue, g, SeedProfile.Groups.GetValueOrDefault(g.Id)
                ?? throw new ArgumentException($"The seed profile has no figures for target group '{g.Id}'.", nameof(catalogue)))),
        ];
        GroupWeights = GroupPlan.Cumulative(Groups.Select(g => g.Profile.Share));
        // Zipf-like weights: the first municipalities (the big cities in the documented order) get the most cases.
        var weights = options.Municipalities.Select((_, i) => Math.Pow(i + 1, -SeedProfile.MunicipalityZipfExponent)).ToList();
        var total = weights.Sum();
        Municipalities =
        [
            .. options.Municipalities.Select((code, i) => new MunicipalityPlan(code, Kommunekoder.Find(code)!.Name,
                Math.Max(2, (int)Math.Ceiling(options.Cases * weights[i] / total / SeedProfile.CasesPerMentor)))),
        ];
        MunicipalityWeights = GroupPlan.Cumulative(weights);
    }

    public int Seed { get; }
    public long NowTicks { get; }
    public IReadOnlyList<GroupPlan> Groups { get; }
    public double[] GroupWeights { get; }
    public IReadOnlyList<MunicipalityPlan> Municipalities { get; }
    public double[] MunicipalityWeights { get; }
}
