using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases.Measurements;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class MeasuringProgression
{
    private static readonly Case Current = Given(Opened(), Registered(MentalIllness));

    private static readonly MeasureProgression Measure = new(AdultInstrument, Scores(), "mentor-1");

    private static MeasureProgression Scoring(string dimension, decimal score) =>
        Measure with { Scores = new Dictionary<string, decimal>(Scores()) { [dimension] = score } };

    private static ProblemDetails Validate(MeasureProgression command, Case? current = null) =>
        MeasureProgressionEndpoint.Validate(command, current ?? Current, Context(current ?? Current));

    [Fact]
    public void A_measurement_scores_every_dimension_of_the_instrument_on_its_scale()
    {
        var command = Measure with { HappenedAt = Day(14), Scores = Scores(score: 7m) };

        ThenAccepted(Validate(command));
        var (accepted, events) = MeasureProgressionEndpoint.Post(command, Current, Context(Current));

        var measured = ThenSingle<ProgressionMeasured>(events);
        ThenAnswer(accepted, Current, 1, measured.MeasurementId);
        Assert.Equal((AdultInstrument, 1, "mentor-1", Day(14)),
            (measured.Instrument, measured.InstrumentVersion, measured.MeasuredBy, measured.HappenedAt));
        Assert.Equal(Scores(score: 7m), measured.Scores);
    }

    [Fact]
    public void After_a_measurement_the_next_one_falls_due_after_the_instruments_interval()
    {
        var (_, events) = MeasureProgressionEndpoint.Post(Measure with { HappenedAt = Day(14) }, Current, Context(Current));
        var measured = Given([Opened(), Registered(MentalIllness), .. events]);

        Assert.Equal([new FollowUpDue(FollowUpKind.Measurement, Day(14 + 91), Instrument: AdultInstrument)],
            FollowUpRules.Pending(measured, _ => 91));
    }

    [Fact]
    public void A_score_is_a_whole_step_of_the_scale() =>
        ThenProblem(Validate(Scoring("everyday-mastery", 7.5m)), 400, "scores.everyday-mastery");

    [Fact]
    public void The_youth_instrument_measures_a_youth_case() =>
        ThenAccepted(Validate(new MeasureProgression(YouthInstrument, Scores(YouthInstrument), "mentor-1"), Given(Opened("youth"))));

    [Fact]
    public void Every_dimension_needs_a_score()
    {
        var scores = Scores();
        scores.Remove("everyday-mastery");
        ThenProblem(Validate(Measure with { Scores = scores }), 400, "scores.everyday-mastery");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.99)]
    [InlineData(10.01)]
    [InlineData(11)]
    [InlineData(-5)]
    public void A_score_lies_on_the_instruments_scale(decimal score) =>
        ThenProblem(Validate(Scoring("job-education-search-skills", score)), 400, "scores.job-education-search-skills");

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void The_ends_of_the_scale_are_on_it(decimal score) =>
        ThenAccepted(Validate(Scoring("job-education-search-skills", score)));

    [Fact]
    public void A_score_is_for_a_dimension_of_the_instrument() =>
        ThenProblem(Validate(Scoring("happiness", 5)), 400, "scores.happiness");

    [Fact]
    public void The_instrument_must_be_one_of_the_catalogue() =>
        ThenProblem(Validate(Measure with { Instrument = "gut-feeling" }), 400, "instrument");

    [Fact]
    public void An_instrument_of_the_other_target_group_does_not_apply() =>
        ThenProblem(Validate(Measure with { Instrument = YouthInstrument, Scores = Scores(YouthInstrument) }), 400, "instrument");

    [Fact]
    public void A_named_instrument_version_must_be_the_catalogues() =>
        ThenProblem(Validate(Measure with { InstrumentVersion = 2 }), 400, "instrumentVersion");

    [Fact]
    public void A_measurement_names_who_measured() =>
        ThenProblem(Validate(Measure with { MeasuredBy = "" }), 400, "measuredBy");
}
