using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

/// <summary>An open barrier no active intervention addresses is a blind spot: what the case still lacks.</summary>
public class BlindSpots
{
    // Barrier 1: adult.mental-illness × individual, from the catalogue.
    private static readonly object[] Identified = [Opened(), Registered(MentalIllness), Barrier(Id(1))];

    private static IEnumerable<Guid> BlindSpotsOf(params object[] events) => Given([.. Identified, .. events]).BlindSpots.Select(b => b.Id);

    [Fact]
    public void A_barrier_is_a_blind_spot_until_an_intervention_addresses_it() =>
        Assert.Equal([Id(1)], BlindSpotsOf());

    [Fact]
    public void A_barrier_is_no_blind_spot_while_an_active_intervention_addresses_it() =>
        Assert.Empty(BlindSpotsOf(Started(Id(10), [Id(1)])));

    [Fact]
    public void An_intervention_in_the_barriers_cell_that_does_not_name_it_leaves_it_a_blind_spot() =>
        Assert.Equal([Id(1)], BlindSpotsOf(Started(Id(10), [])));

    [Fact]
    public void A_barrier_is_a_blind_spot_again_once_its_intervention_is_completed() =>
        Assert.Equal([Id(1)], BlindSpotsOf(Started(Id(10), [Id(1)]), new InterventionCompleted(Id(10), Day(20))));

    [Fact]
    public void A_barrier_is_a_blind_spot_again_once_the_citizen_drops_out_of_its_intervention() =>
        Assert.Equal([Id(1)], BlindSpotsOf(Started(Id(10), [Id(1)]), new InterventionDroppedOut(Id(10), "moved", Day(20))));

    [Fact]
    public void A_barrier_stays_addressed_while_another_active_intervention_still_addresses_it() =>
        Assert.Empty(BlindSpotsOf(
            Started(Id(10), [Id(1)]), Started(Id(11), [Id(1)], day: 4, catalogueIntervention: "adult.kvis"), new InterventionCompleted(Id(10), Day(20))));

    [Fact]
    public void A_resolved_barrier_is_never_a_blind_spot() =>
        Assert.Empty(BlindSpotsOf(new BarrierResolved(Id(1), Day(5))));

    [Fact]
    public void A_barrier_resolved_while_addressed_is_no_blind_spot_after_the_intervention_ends() =>
        Assert.Empty(BlindSpotsOf(Started(Id(10), [Id(1)]), new BarrierResolved(Id(1), Day(5)), new InterventionCompleted(Id(10), Day(20))));

    [Fact]
    public void The_matrix_shows_the_barrier_in_its_row_and_cell_and_lists_it_as_a_blind_spot()
    {
        var current = Given([.. Identified, Registered(Crime)]);
        var matrix = CaseMatrix.Of(current, TheCatalogue);

        Assert.Equal((CaseId, current.Version, "adult"), (matrix.CaseId, matrix.Version, matrix.TargetGroup));
        Assert.Equal(["structural", "institutional", "interpersonal", "individual"], matrix.Levels);
        Assert.Equal([MentalIllness, Crime], matrix.Rows.Select(r => r.Factor));

        var row = matrix.Rows[0];
        Assert.True(row.Registered);
        Assert.Equal(matrix.Levels, row.Cells.Select(c => c.Level));
        var cell = Assert.Single(row.Cells, c => c.Barriers.Count > 0);
        Assert.Equal((Individual, 1), (cell.Level, cell.BlindSpots));
        var barrier = Assert.Single(cell.Barriers);
        Assert.Equal((Id(1), MentalIllnessIndividual, TheCatalogue.FindBarrier(MentalIllnessIndividual)!.TextDa, true, true),
            (barrier.Id, barrier.CatalogueBarrier, barrier.Text, barrier.Open, barrier.BlindSpot));
        Assert.Empty(barrier.AddressedBy);
        Assert.Equal(Id(1), Assert.Single(matrix.BlindSpots).Id);
    }

    [Fact]
    public void The_matrix_shows_the_intervention_working_in_the_cell_and_no_blind_spot()
    {
        var matrix = CaseMatrix.Of(Given([.. Identified, Started(Id(10), [Id(1)])]), TheCatalogue);

        var cell = Assert.Single(matrix.Rows).Cells.Single(c => c.Level == Individual);
        Assert.Equal(0, cell.BlindSpots);
        Assert.Equal(new MatrixIntervention(Id(10), TheCatalogue.FindIntervention(Ips)!.NameDa, CoversCell: true), Assert.Single(cell.Interventions));
        Assert.Equal([Id(10)], Assert.Single(cell.Barriers).AddressedBy);
        Assert.Empty(matrix.BlindSpots);
    }
}
