using Progression.Api.Cases.Interventions;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class EndingInterventions
{
    // Intervention 10 started on day 3 and is active.
    private static readonly object[] Running = [Opened(), Registered(MentalIllness), Barrier(Id(1)), Started(Id(10), [Id(1)])];
    private static readonly Case Active = Given(Running);

    [Fact]
    public void An_active_intervention_is_completed()
    {
        var command = new CompleteIntervention(Id(10), "finished the programme", HappenedAt: Day(40));

        ThenAccepted(CompleteInterventionEndpoint.Validate(command, Active, Context(Active)));
        var (accepted, events) = CompleteInterventionEndpoint.Post(command, Active, Context(Active));
        ThenAnswer(accepted, Active, 1);
        ThenEvents(events, new InterventionCompleted(Id(10), Day(40), "finished the programme"));
    }

    [Fact]
    public void The_citizen_drops_out_of_an_active_intervention_for_a_reason()
    {
        var command = new DropOutOfIntervention(Id(10), "stopped showing up");

        ThenAccepted(DropOutOfInterventionEndpoint.Validate(command, Active, Context(Active)));
        var (accepted, events) = DropOutOfInterventionEndpoint.Post(command, Active, Context(Active));
        ThenAnswer(accepted, Active, 1);
        ThenEvents(events, new InterventionDroppedOut(Id(10), "stopped showing up", Now));
    }

    [Fact]
    public void An_intervention_never_started_cannot_be_completed() =>
        ThenProblem(CompleteInterventionEndpoint.Validate(new CompleteIntervention(Id(11)), Active, Context(Active)), 400, "interventionId");

    [Fact]
    public void An_intervention_never_started_cannot_be_dropped_out_of() =>
        ThenProblem(DropOutOfInterventionEndpoint.Validate(new DropOutOfIntervention(Id(11), "moved"), Active, Context(Active)), 400, "interventionId");

    public static TheoryData<string> Endings => new("completed", "dropped out");

    private static Case Ended(string how) =>
        Given([.. Running, how == "completed" ? new InterventionCompleted(Id(10), Day(20)) : new InterventionDroppedOut(Id(10), "moved", Day(20))]);

    [Theory, MemberData(nameof(Endings))]
    public void An_ended_intervention_cannot_be_completed(string how)
    {
        var current = Ended(how);
        ThenProblem(CompleteInterventionEndpoint.Validate(new CompleteIntervention(Id(10)), current, Context(current)), 409, "interventionId");
    }

    [Theory, MemberData(nameof(Endings))]
    public void An_ended_intervention_cannot_be_dropped_out_of(string how)
    {
        var current = Ended(how);
        ThenProblem(DropOutOfInterventionEndpoint.Validate(new DropOutOfIntervention(Id(10), "again"), current, Context(current)), 409, "interventionId");
    }

    [Fact]
    public void An_intervention_cannot_end_before_it_started() =>
        ThenProblem(CompleteInterventionEndpoint.Validate(new CompleteIntervention(Id(10), HappenedAt: Day(2)), Active, Context(Active)), 400, "happenedAt");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Dropping_out_needs_a_reason(string reason) =>
        ThenProblem(DropOutOfInterventionEndpoint.Validate(new DropOutOfIntervention(Id(10), reason), Active, Context(Active)), 400, "reason");
}
