using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases.Interventions;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class StartingInterventions
{
    // Barrier 1 is open, barrier 2 resolved.
    private static readonly Case Current = Given(
        Opened(), Registered(MentalIllness), Barrier(Id(1)), Barrier(Id(2), level: Structural, catalogueBarrier: MentalIllnessStructural),
        new BarrierResolved(Id(2), Day(3)));

    private static readonly StartIntervention FromCatalogue =
        new(ServiceArea.Employment, "Jobcenter Nord", [Id(1)], Ips, InterventionId: Id(10));

    private static readonly StartIntervention Locally = new(ServiceArea.Social, "Kommunen", [Id(1)],
        Local: new LocalIntervention("Walk and talk", [new MatrixCell(MentalIllness, Individual)]));

    private static StartIntervention Placed(params MatrixCell[] cells) => Locally with { Local = Locally.Local! with { Cells = cells } };

    private static ProblemDetails Start(StartIntervention command) => StartInterventionEndpoint.Validate(command, Current, Context(Current));

    [Fact]
    public void A_catalogue_intervention_starts_in_the_catalogues_cells_addressing_the_named_barriers()
    {
        ThenAccepted(Start(FromCatalogue));
        var (accepted, events) = StartInterventionEndpoint.Post(FromCatalogue, Current, Context(Current));

        ThenAnswer(accepted, Current, 1, Id(10));
        var started = ThenSingle<InterventionStarted>(events);
        Assert.Equal((Id(10), Ips, (string?)null, ServiceArea.Employment, "Jobcenter Nord", Now),
            (started.InterventionId, started.CatalogueIntervention, started.LocalName, started.ServiceArea, started.Provider, started.HappenedAt));
        Assert.Equal([new MatrixCell(MentalIllness, "institutional"), new MatrixCell(MentalIllness, Individual)], started.Cells);
        Assert.Equal([Id(1)], started.Barriers);
    }

    [Fact]
    public void A_local_intervention_starts_in_the_cells_the_municipality_placed_it_in()
    {
        ThenAccepted(Start(Locally));
        var started = ThenSingle<InterventionStarted>(StartInterventionEndpoint.Post(Locally, Current, Context(Current)).Item2);

        Assert.Equal(("Walk and talk", (string?)null), (started.LocalName, started.CatalogueIntervention));
        Assert.Equal([new MatrixCell(MentalIllness, Individual)], started.Cells);
        Assert.NotEqual(Guid.Empty, started.InterventionId);
    }

    [Fact]
    public void An_intervention_may_address_no_barrier_yet() =>
        ThenAccepted(Start(FromCatalogue with { Barriers = [] }));

    [Fact]
    public void A_catalogue_intervention_must_exist() =>
        ThenProblem(Start(FromCatalogue with { CatalogueIntervention = "adult.wishful-thinking" }), 400, "catalogueIntervention");

    [Fact]
    public void A_catalogue_intervention_of_the_other_target_group_does_not_apply() =>
        ThenProblem(Start(FromCatalogue with { CatalogueIntervention = UTurn }), 400, "catalogueIntervention");

    [Fact]
    public void An_intervention_is_either_from_the_catalogue_or_local_not_both() =>
        ThenProblem(Start(FromCatalogue with { Local = Locally.Local }), 400, "local");

    [Fact]
    public void An_intervention_names_a_catalogue_intervention_or_describes_a_local_one() =>
        ThenProblem(Start(FromCatalogue with { CatalogueIntervention = null }), 400, "catalogueIntervention");

    [Fact]
    public void A_local_intervention_is_named() =>
        ThenProblem(Start(Locally with { Local = Locally.Local! with { Name = "" } }), 400, "local.name");

    [Fact]
    public void A_local_intervention_is_placed_in_at_least_one_cell() =>
        ThenProblem(Start(Placed()), 400, "local.cells");

    [Fact]
    public void A_local_intervention_is_placed_on_risk_factors_of_the_cases_group() =>
        ThenProblem(Start(Placed(new MatrixCell(YouthCrime, Individual))), 400, "local.cells[0].factor");

    [Fact]
    public void A_local_intervention_is_placed_on_known_levels() =>
        ThenProblem(Start(Placed(new MatrixCell(MentalIllness, Individual), new MatrixCell(Crime, "cosmic"))), 400, "local.cells[1].level");

    [Fact]
    public void An_intervention_has_a_provider() =>
        ThenProblem(Start(FromCatalogue with { Provider = " " }), 400, "provider");

    [Fact]
    public void An_intervention_addresses_barriers_of_the_case() =>
        ThenProblem(Start(FromCatalogue with { Barriers = [Id(99)] }), 400, "barriers[0]");

    [Fact]
    public void An_intervention_does_not_address_resolved_barriers() =>
        ThenProblem(Start(FromCatalogue with { Barriers = [Id(1), Id(2)] }), 400, "barriers[1]");

    [Fact]
    public void An_intervention_names_a_barrier_once() =>
        ThenProblem(Start(FromCatalogue with { Barriers = [Id(1), Id(1)] }), 400, "barriers");

    [Fact]
    public void An_intervention_id_is_used_once()
    {
        var current = Given(Opened(), Registered(MentalIllness), Barrier(Id(1)), Started(Id(10), [Id(1)]));
        ThenProblem(StartInterventionEndpoint.Validate(FromCatalogue, current, Context(current)), 409, "interventionId");
    }
}
