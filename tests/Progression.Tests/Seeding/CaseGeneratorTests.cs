using System.Text.Json;
using Progression.Api.Cases;
using Progression.Api.Cases.Opening;
using Progression.Domain.Cases;
using Progression.Domain.Catalogue;
using Progression.Domain.Seeding;
using Progression.Tests.Cases.Specifications;
using static Progression.Api.Cases.EventCommands;
using static Progression.Tests.Seeding.GeneratedCommands;

namespace Progression.Tests.Seeding;

/// <summary>The generator's histories: deterministic, well-formed, within the command rules, and shaped as documented.</summary>
public class CaseGeneratorTests
{
    private static readonly Domain.Catalogue.Catalogue TheCatalogue = CaseSpecification.TheCatalogue;
    private static readonly SeedOptions Options = new(2000, Kommunekoder.First(5), Seed: 7, Now);
    private static readonly IReadOnlyList<GeneratedCase> Cases = [.. CaseGenerator.Generate(TheCatalogue, Options)];

    private static string Transcript(IEnumerable<GeneratedCase> cases) => string.Join('\n', cases.Select(c =>
        $"{c.Id} {c.Municipality} {c.TargetGroup}: " +
        string.Join(" ", c.Events.Select(e => e.GetType().Name + JsonSerializer.Serialize(e, e.GetType(), Json)))));

    private static IEnumerable<Guid> Ids(IEnumerable<GeneratedCase> cases) => cases.SelectMany(c =>
        c.Events.OfType<ICreatesCasePart>().Select(e => e.PartId).Prepend(c.Id));

    [Fact]
    public void The_same_options_give_the_same_events()
    {
        var options = Options with { Cases = 300, Municipalities = Kommunekoder.First(3) };
        Assert.Equal(Transcript(CaseGenerator.Generate(TheCatalogue, options)), Transcript(CaseGenerator.Generate(TheCatalogue, options)));
    }

    [Fact]
    public void Another_seed_gives_other_ids_for_cases_and_their_parts()
    {
        var options = Options with { Cases = 300 };
        var one = Ids(CaseGenerator.Generate(TheCatalogue, options)).ToList();
        var other = Ids(CaseGenerator.Generate(TheCatalogue, options with { Seed = 8 })).ToList();
        Assert.Empty(one.Intersect(other));
        Assert.Equal(one.Count, one.Distinct().Count());
        Assert.All(one, id => Assert.Equal(8, id.Version));
    }

    [Fact]
    public void Cases_are_made_one_at_a_time_so_any_number_can_be_streamed() =>
        Assert.Equal(3, CaseGenerator.Generate(TheCatalogue, Options with { Cases = int.MaxValue }).Take(3).Count());

    [Fact]
    public void Options_naming_no_known_municipality_are_refused_at_the_call()
    {
        Assert.Throws<ArgumentException>(() => CaseGenerator.Generate(TheCatalogue, Options with { Municipalities = ["9999"] }));
        Assert.Throws<ArgumentException>(() => CaseGenerator.Generate(TheCatalogue, Options with { Municipalities = [] }));
        Assert.Throws<ArgumentException>(() => CaseGenerator.Generate(TheCatalogue, Options with { Municipalities = ["0101", "0101"] }));
    }

    [Fact]
    public void Every_case_opens_first_in_its_municipality_and_group_and_stays_between_its_opening_and_now()
    {
        Assert.All(Cases, c =>
        {
            var opened = Assert.IsType<CaseOpened>(c.Events[0]);
            Assert.Equal((c.Id, c.Municipality, c.TargetGroup), (opened.CaseId, opened.Municipality, opened.TargetGroup));
            Assert.Single(c.Events.OfType<CaseOpened>());
            var times = c.Events.Cast<ICaseEvent>().Select(e => e.HappenedAt).ToList();
            Assert.Equal(times.Order(), times);
            Assert.All(times, t => Assert.InRange(t, opened.HappenedAt, Now));
            Assert.Empty(c.Events.OfType<FollowUpDue>());
        });
        Assert.InRange(Cases.Min(c => ((CaseOpened)c.Events[0]).HappenedAt), Now.AddYears(-3), Now.AddYears(-3).AddDays(30));
    }

    [Fact]
    public void Every_event_is_one_a_coordinator_could_record_then()
    {
        foreach (var (generated, index) in Cases.Select((c, i) => (c, i)))
        {
            var opened = (CaseOpened)generated.Events[0];
            var context = new CommandContext(TheCatalogue, Now, generated.Municipality);
            CaseSpecification.ThenAccepted(OpenCaseEndpoint.Validate(Opening(opened), context));
            var current = Case.Open(generated.Id, opened) with { Version = 1 };
            foreach (var e in generated.Events.Skip(1))
            {
                var problem = Validate(For(e), current, context with { IfMatch = current.Version });
                Assert.True(ReferenceEquals(Wolverine.Http.WolverineContinue.NoProblems, problem),
                    $"case {index} ({generated.Id}), event {current.Version + 1} {e.GetType().Name}: {problem.Status} {problem.Detail}");
                current = current.Evolve(e) with { Version = current.Version + 1 };
            }
        }
    }

    [Fact]
    public void Scores_are_whole_steps_on_the_scale_of_the_groups_instrument_and_mostly_rise()
    {
        var courses = Cases.Select(c => c.Events.OfType<ProgressionMeasured>().ToList()).Where(m => m.Count > 0).ToList();
        Assert.All(Cases.Where(c => c.Events.OfType<ProgressionMeasured>().Any()), c =>
        {
            var instrument = TheCatalogue.Instruments.Single(i => i.Group == c.TargetGroup);
            Assert.All(c.Events.OfType<ProgressionMeasured>(), m =>
            {
                Assert.Equal(instrument.Id, m.Instrument);
                Assert.Equal(instrument.Dimensions.Select(d => d.Id), m.Scores.Keys);
                Assert.All(m.Scores.Values, s => Assert.True(s == decimal.Truncate(s) && instrument.Scale.Contains(s), $"score {s}"));
            });
        });
        var changes = courses.Where(m => m.Count >= 3).Select(m => m[^1].Scores.Values.Average() - m[0].Scores.Values.Average()).ToList();
        Assert.InRange(changes.Count(c => c > 0) / (double)changes.Count, 0.7, 0.98);
    }

    [Fact]
    public void Measurements_follow_the_instruments_interval_of_about_three_months()
    {
        var gaps = Cases.SelectMany(c =>
        {
            var at = c.Events.OfType<ProgressionMeasured>().Select(m => m.HappenedAt).ToList();
            return at.Zip(at.Skip(1), (a, b) => (b - a).TotalDays);
        }).ToList();
        Assert.InRange(Share(gaps, g => g is >= 91 - 7 and <= 91 + 21), 0.85, 0.97);
        Assert.InRange(Share(Cases, c => c.Events.OfType<ProgressionMeasured>().Any()), 0.8, 0.95);
    }

    [Fact]
    public void Retention_is_checked_from_two_weeks_before_3_6_and_12_months_and_some_outcomes_are_lost()
    {
        var outcomes = Cases.SelectMany(c => c.Events.OfType<OutcomeReached>().Select(o => (Case: c, Outcome: o))).ToList();
        Assert.All(outcomes, x => Assert.All(x.Case.Events.OfType<OutcomeRetained>().Where(r => r.OutcomeId == x.Outcome.OutcomeId), r =>
            Assert.True(r.HappenedAt >= x.Outcome.HappenedAt.AddMonths(r.CheckpointMonths).AddDays(-14), $"{r.CheckpointMonths}-month check at {r.HappenedAt}")));
        var events = Cases.SelectMany(c => c.Events).ToList();
        Assert.Equal([3, 6, 12], events.OfType<OutcomeRetained>().Select(r => r.CheckpointMonths).Distinct().Order());
        Assert.InRange(Share(outcomes, x => x.Case.Events.OfType<OutcomeLost>().Any(l => l.OutcomeId == x.Outcome.OutcomeId)), 0.08, 0.3);
        Assert.Equal(Enum.GetValues<OutcomeKind>().Order(), events.OfType<OutcomeReached>().Select(o => o.Kind).Distinct().Order());
    }

    [Fact]
    public void The_proportions_are_those_documented()
    {
        var adults = Share(Cases, c => c.TargetGroup == "adult");
        Assert.InRange(adults, 0.55, 0.65);
        var perMunicipality = Options.Municipalities.Select(m => Cases.Count(c => c.Municipality == m)).ToList();
        Assert.Equal(perMunicipality.OrderDescending(), perMunicipality);
        Assert.All(perMunicipality, n => Assert.True(n > 100, $"{n} cases"));

        Assert.InRange(Cases.Average(c => c.Events.OfType<RiskFactorRegistered>().Count()), 2.5, 3.2);
        Assert.InRange(Share(Cases, c => c.Events.OfType<MentorAssigned>().Any()), 0.68, 0.8);
        Assert.InRange(Share(Cases, c => c.Events.OfType<OutcomeReached>().Any()), 0.25, 0.4);
        Assert.InRange(Share(Cases, c => c.Events[^1] is CaseClosed), 0.3, 0.45);
        Assert.InRange(Share(Cases, c => c.Events.OfType<CaseReopened>().Any()), 0.01, 0.06);

        var barriers = Cases.SelectMany(c => c.Events.OfType<BarrierIdentified>()).ToList();
        Assert.InRange(Share(barriers, b => b.CatalogueBarrier is null), 0.1, 0.22);
        var started = Cases.SelectMany(c => c.Events.OfType<InterventionStarted>()).ToList();
        Assert.InRange(Share(started, i => i.LocalName is not null), 0.25, 0.4);

        // Drop-outs of the citizen's own accord, apart from the interventions a closing stops.
        foreach (var (group, rate) in new[] { ("adult", 0.25), ("youth", 0.35) })
        {
            var ended = Cases.Where(c => c.TargetGroup == group).SelectMany(c => c.Events)
                .Where(e => e is InterventionCompleted or InterventionDroppedOut).ToList();
            var dropOuts = ended.OfType<InterventionDroppedOut>().Count(d => d.Reason != "Forløbet stoppede, da sagen blev lukket");
            Assert.InRange(dropOuts / (double)ended.Count, rate - 0.05, rate + 0.05);
        }
    }

    [Fact]
    public void Where_a_cell_offers_both_grades_evidence_graded_interventions_are_preferred()
    {
        // An intervention naming one catalogue barrier was chosen for that barrier's cell, among the group's candidates there.
        var picks = Cases.SelectMany(c =>
        {
            var barriers = c.Events.OfType<BarrierIdentified>().ToDictionary(b => b.BarrierId);
            return c.Events.OfType<InterventionStarted>()
                .Where(i => i.CatalogueIntervention is not null && i.Barriers.Count == 1)
                .Select(i => (Chosen: TheCatalogue.FindIntervention(i.CatalogueIntervention!)!, Barrier: barriers[i.Barriers[0]], c.TargetGroup));
        }).Select(p => (p.Chosen, Candidates: TheCatalogue.FindGroup(p.TargetGroup)!.Interventions
                .Where(i => i.Cells.Contains(new Cell(p.Barrier.Factor, p.Barrier.Level))).ToList()))
            .Where(p => p.Candidates.Select(i => i.Evidence).Distinct().Count() == 2)
            .ToList();

        var chosen = Share(picks, p => p.Chosen.Evidence == EvidenceGrade.Evidence);
        var unweighted = picks.Average(p => p.Candidates.Count(i => i.Evidence == EvidenceGrade.Evidence) / (double)p.Candidates.Count);
        Assert.True(picks.Count > 200, $"{picks.Count} picks");
        Assert.True(chosen > unweighted + 0.15, $"evidence-graded chosen {chosen:P0}, an unweighted pick would give {unweighted:P0}");
    }

    [Fact]
    public void Free_text_and_references_name_no_person()
    {
        Assert.All(Cases, c => Assert.Matches("^seed-[a-p]{16}$", ((CaseOpened)c.Events[0]).CitizenReference));
        var mentors = Cases.SelectMany(c => c.Events.OfType<MentorAssigned>().Select(m => (m.MentorId, c.Municipality)));
        Assert.All(mentors, m => Assert.Matches($"^mentor-{m.Municipality}-\\d{{2,}}$", m.MentorId));
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) => items.Count(predicate) / (double)items.Count;
}
