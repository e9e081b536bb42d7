using Progression.Api.Cases.Mentors;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class AssigningMentors
{
    private static readonly Case WithMentor = Given(Opened(), new MentorAssigned("mentor-1", Day(1)));

    [Fact]
    public void A_mentor_is_assigned()
    {
        var command = new AssignMentor("mentor-2");

        ThenAccepted(AssignMentorEndpoint.Validate(command, WithMentor, Context(WithMentor)));
        var (accepted, events) = AssignMentorEndpoint.Post(command, WithMentor, Context(WithMentor));
        ThenAnswer(accepted, WithMentor, 1);
        ThenEvents(events, new MentorAssigned("mentor-2", Now));
    }

    [Fact]
    public void A_mentor_is_assigned_once() =>
        ThenProblem(AssignMentorEndpoint.Validate(new AssignMentor("mentor-1"), WithMentor, Context(WithMentor)), 409, "mentorId");

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_mentor_is_named(string mentorId) =>
        ThenProblem(AssignMentorEndpoint.Validate(new AssignMentor(mentorId), WithMentor, Context(WithMentor)), 400, "mentorId");

    [Fact]
    public void A_mentor_id_is_at_most_64_characters() =>
        ThenProblem(AssignMentorEndpoint.Validate(new AssignMentor(new string('m', 65)), WithMentor, Context(WithMentor)), 400, "mentorId");

    [Fact]
    public void An_assigned_mentor_is_unassigned()
    {
        var command = new UnassignMentor("mentor-1");

        ThenAccepted(UnassignMentorEndpoint.Validate(command, WithMentor, Context(WithMentor)));
        ThenEvents(UnassignMentorEndpoint.Post(command, WithMentor, Context(WithMentor)).Item2, new MentorUnassigned("mentor-1", Now));
    }

    [Fact]
    public void Only_an_assigned_mentor_can_be_unassigned() =>
        ThenProblem(UnassignMentorEndpoint.Validate(new UnassignMentor("mentor-2"), WithMentor, Context(WithMentor)), 409, "mentorId");

    [Fact]
    public void An_unassigned_mentor_can_be_assigned_again()
    {
        var current = Given(Opened(), new MentorAssigned("mentor-1", Day(1)), new MentorUnassigned("mentor-1", Day(2)));
        ThenAccepted(AssignMentorEndpoint.Validate(new AssignMentor("mentor-1"), current, Context(current)));
    }
}
