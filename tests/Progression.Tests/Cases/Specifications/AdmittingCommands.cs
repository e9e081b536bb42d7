using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases;
using Progression.Api.Cases.Barriers;
using Progression.Api.Cases.Closing;
using Progression.Api.Cases.Interventions;
using Progression.Api.Cases.Measurements;
using Progression.Api.Cases.Mentors;
using Progression.Api.Cases.Outcomes;
using Progression.Api.Cases.RiskFactors;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

/// <summary>The checks every command on an existing case passes before its own rules: version, open case, happened-at.</summary>
public class AdmittingCommands
{
    private static readonly Case Current = Given(Opened(), Registered(MentalIllness));

    private static ProblemDetails Register(RegisterRiskFactor command, CommandContext context) =>
        RegisterRiskFactorEndpoint.Validate(command, Current, context);

    [Fact]
    public void A_command_needs_the_version_the_client_last_read() =>
        ThenProblem(Register(new RegisterRiskFactor(Crime), Context()), 428, "expectedVersion");

    [Fact]
    public void The_expected_version_may_come_in_the_body() =>
        ThenAccepted(Register(new RegisterRiskFactor(Crime, ExpectedVersion: Current.Version), Context()));

    [Fact]
    public void The_expected_version_may_come_as_If_Match() =>
        ThenAccepted(Register(new RegisterRiskFactor(Crime), Context(ifMatch: Current.Version)));

    [Fact]
    public void A_stale_version_conflicts_and_tells_the_current_version()
    {
        var problem = Register(new RegisterRiskFactor(Crime, ExpectedVersion: Current.Version - 1), Context());

        ThenProblem(problem, 409, "expectedVersion");
        Assert.Equal(Current.Version, problem.Extensions["currentVersion"]);
    }

    [Fact]
    public void A_version_ahead_of_the_case_conflicts_too() =>
        ThenProblem(Register(new RegisterRiskFactor(Crime), Context(ifMatch: Current.Version + 1)), 409, "expectedVersion");

    [Fact]
    public void The_body_and_If_Match_must_agree() =>
        ThenProblem(Register(new RegisterRiskFactor(Crime, ExpectedVersion: Current.Version), Context(ifMatch: Current.Version - 1)),
            400, "expectedVersion");

    [Fact]
    public void A_happened_at_in_the_future_is_refused() =>
        ThenProblem(Register(new RegisterRiskFactor(Crime, HappenedAt: Now + CommandContext.ClockSkew + TimeSpan.FromSeconds(1)), Context(Current)),
            400, "happenedAt");

    [Fact]
    public void A_happened_at_within_the_clock_skew_counts_as_now() =>
        ThenAccepted(Register(new RegisterRiskFactor(Crime, HappenedAt: Now + CommandContext.ClockSkew), Context(Current)));

    [Fact]
    public void A_happened_at_before_the_case_opened_is_refused() =>
        ThenProblem(Register(new RegisterRiskFactor(Crime, HappenedAt: OpenedAt.AddTicks(-1)), Context(Current)), 400, "happenedAt");

    [Fact]
    public void A_late_registration_is_accepted_and_keeps_when_it_happened()
    {
        var command = new RegisterRiskFactor(Crime, HappenedAt: Day(10));

        ThenAccepted(Register(command, Context(Current)));
        var (accepted, events) = RegisterRiskFactorEndpoint.Post(command, Current, Context(Current));
        ThenAnswer(accepted, Current, 1);
        ThenEvents(events, new RiskFactorRegistered(Crime, Day(10)));
    }

    [Fact]
    public void Without_a_happened_at_the_event_happened_now() =>
        ThenEvents(RegisterRiskFactorEndpoint.Post(new RegisterRiskFactor(Crime), Current, Context(Current)).Item2,
            new RiskFactorRegistered(Crime, Now));

    // A closed case with something of every kind on it, so that each command below would be valid were it open.
    private static readonly Guid BarrierId = Id(1), InterventionId = Id(2), OutcomeId = Id(3);

    private static readonly object[] History =
    [
        Opened(), Registered(MentalIllness), Registered(Crime), Barrier(BarrierId), Started(InterventionId, [BarrierId]),
        new MentorAssigned("mentor-1", Day(4)), new OutcomeReached(OutcomeId, OutcomeKind.OrdinaryJob, Day(5)),
        new CaseClosed("moved away", Day(6)),
    ];

    private static readonly Case Closed = Given(History);

    private static readonly Dictionary<string, Func<Case, ProblemDetails>> Commands = new()
    {
        ["register a risk factor"] = c => RegisterRiskFactorEndpoint.Validate(new RegisterRiskFactor(EconomicProblems), c, Context(c)),
        ["clear a risk factor"] = c => ClearRiskFactorEndpoint.Validate(new ClearRiskFactor(Crime), c, Context(c)),
        ["identify a barrier"] = c => IdentifyBarrierEndpoint.Validate(
            new IdentifyBarrier(MentalIllness, Structural, ServiceArea.Health, MentalIllnessStructural), c, Context(c)),
        ["resolve a barrier"] = c => ResolveBarrierEndpoint.Validate(new ResolveBarrier(BarrierId), c, Context(c)),
        ["assign a mentor"] = c => AssignMentorEndpoint.Validate(new AssignMentor("mentor-2"), c, Context(c)),
        ["unassign a mentor"] = c => UnassignMentorEndpoint.Validate(new UnassignMentor("mentor-1"), c, Context(c)),
        ["start an intervention"] = c => StartInterventionEndpoint.Validate(
            new StartIntervention(ServiceArea.Social, "Jobcenter", [], HousingFirst), c, Context(c)),
        ["complete an intervention"] = c => CompleteInterventionEndpoint.Validate(new CompleteIntervention(InterventionId), c, Context(c)),
        ["drop out of an intervention"] = c => DropOutOfInterventionEndpoint.Validate(new DropOutOfIntervention(InterventionId, "moved"), c, Context(c)),
        ["measure progression"] = c => MeasureProgressionEndpoint.Validate(
            new MeasureProgression(AdultInstrument, Scores(), "mentor-1"), c, Context(c)),
        ["reach an outcome"] = c => ReachOutcomeEndpoint.Validate(new ReachOutcome(OutcomeKind.FlexJob), c, Context(c)),
        // A retention check is recorded when it falls due: three months after the outcome.
        ["record an outcome retained"] = c => RecordOutcomeRetainedEndpoint.Validate(
            new RecordOutcomeRetained(OutcomeId, 3), c, Context(c) with { Now = Day(5).AddMonths(3) }),
        ["record an outcome lost"] = c => RecordOutcomeLostEndpoint.Validate(new RecordOutcomeLost(OutcomeId), c, Context(c)),
        ["close the case"] = c => CloseCaseEndpoint.Validate(new CloseCase("again"), c, Context(c)),
    };

    public static TheoryData<string> CommandNames => new(Commands.Keys);

    [Theory, MemberData(nameof(CommandNames))]
    public void A_closed_case_refuses_every_command_but_reopening(string command) =>
        ThenProblem(Commands[command](Closed), 409, "case");

    [Theory, MemberData(nameof(CommandNames))]
    public void Once_reopened_the_case_takes_commands_again(string command) =>
        ThenAccepted(Commands[command](Given([.. History, new CaseReopened(Day(7))])));

    [Fact]
    public void A_closed_case_can_be_reopened() =>
        ThenAccepted(ReopenCaseEndpoint.Validate(new ReopenCase(), Closed, Context(Closed)));
}
