using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases.Barriers;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class IdentifyingBarriers
{
    private static readonly Case Current = Given(Opened(), Registered(MentalIllness));

    private static readonly IdentifyBarrier FromCatalogue =
        new(MentalIllness, Individual, ServiceArea.Health, MentalIllnessIndividual, BarrierId: Id(1));

    private static ProblemDetails Identify(IdentifyBarrier command, Case? current = null) =>
        IdentifyBarrierEndpoint.Validate(command, current ?? Current, Context(current ?? Current));

    private static ProblemDetails Resolve(ResolveBarrier command, Case current) =>
        ResolveBarrierEndpoint.Validate(command, current, Context(current));

    [Fact]
    public void A_catalogue_barrier_is_identified_in_its_cell()
    {
        ThenAccepted(Identify(FromCatalogue));
        var (accepted, events) = IdentifyBarrierEndpoint.Post(FromCatalogue, Current, Context(Current));

        ThenAnswer(accepted, Current, 1, Id(1));
        ThenEvents(events, new BarrierIdentified(Id(1), MentalIllness, Individual, MentalIllnessIndividual, null, ServiceArea.Health, Now));
    }

    [Fact]
    public void A_barrier_may_be_described_locally()
    {
        var command = new IdentifyBarrier(MentalIllness, Structural, ServiceArea.Social, Description: "no psychiatrist within 50 km");

        ThenAccepted(Identify(command));
        var (accepted, events) = IdentifyBarrierEndpoint.Post(command, Current, Context(Current));
        var identified = ThenSingle<BarrierIdentified>(events);
        Assert.Equal((MentalIllness, Structural, null, "no psychiatrist within 50 km"),
            (identified.Factor, identified.Level, identified.CatalogueBarrier, identified.Description));
        Assert.NotEqual(Guid.Empty, identified.BarrierId);
        ThenAnswer(accepted, Current, 1, identified.BarrierId);
    }

    [Fact]
    public void A_barrier_needs_its_risk_factor_registered_first() =>
        ThenProblem(Identify(FromCatalogue, Given(Opened())), 400, "factor");

    [Fact]
    public void A_barrier_of_a_cleared_risk_factor_is_refused() =>
        ThenProblem(Identify(FromCatalogue, Given(Opened(), Registered(MentalIllness), new RiskFactorCleared(MentalIllness, Day(2)))),
            400, "factor");

    [Fact]
    public void A_barrier_sits_on_a_risk_factor_of_the_cases_group() =>
        ThenProblem(Identify(FromCatalogue with { Factor = YouthCrime, CatalogueBarrier = null, Description = "gang" }), 400, "factor");

    [Fact]
    public void A_barrier_sits_on_a_known_level() =>
        ThenProblem(Identify(FromCatalogue with { Level = "planetary" }), 400, "level");

    [Fact]
    public void A_catalogue_barrier_must_be_of_the_cell_it_is_identified_in() =>
        ThenProblem(Identify(FromCatalogue with { CatalogueBarrier = MentalIllnessStructural }), 400, "catalogueBarrier");

    [Fact]
    public void A_catalogue_barrier_must_exist() =>
        ThenProblem(Identify(FromCatalogue with { CatalogueBarrier = "adult.mental-illness.individual.99" }), 400, "catalogueBarrier");

    [Fact]
    public void A_barrier_names_a_catalogue_barrier_or_gives_a_description() =>
        ThenProblem(Identify(FromCatalogue with { CatalogueBarrier = null, Description = "  " }), 400, "catalogueBarrier");

    [Fact]
    public void A_barrier_id_is_used_once() =>
        ThenProblem(Identify(FromCatalogue, Given(Opened(), Registered(MentalIllness), Barrier(Id(1)))), 409, "barrierId");

    [Fact]
    public void An_open_barrier_is_resolved()
    {
        var current = Given(Opened(), Registered(MentalIllness), Barrier(Id(1)));
        var command = new ResolveBarrier(Id(1), "got a psychiatrist", HappenedAt: Day(9));

        ThenAccepted(Resolve(command, current));
        var (accepted, events) = ResolveBarrierEndpoint.Post(command, current, Context(current));
        ThenAnswer(accepted, current, 1);
        ThenEvents(events, new BarrierResolved(Id(1), Day(9), "got a psychiatrist"));
    }

    [Fact]
    public void A_barrier_cannot_be_resolved_before_it_was_identified() =>
        ThenProblem(Resolve(new ResolveBarrier(Id(1), HappenedAt: Day(1)), Given(Opened(), Registered(MentalIllness), Barrier(Id(1), day: 2))),
            400, "happenedAt");

    [Fact]
    public void Only_a_barrier_of_the_case_can_be_resolved() =>
        ThenProblem(Resolve(new ResolveBarrier(Id(2)), Given(Opened(), Registered(MentalIllness), Barrier(Id(1)))), 400, "barrierId");

    [Fact]
    public void A_barrier_is_resolved_once() =>
        ThenProblem(Resolve(new ResolveBarrier(Id(1)), Given(Opened(), Registered(MentalIllness), Barrier(Id(1)), new BarrierResolved(Id(1), Day(5)))),
            409, "barrierId");
}
