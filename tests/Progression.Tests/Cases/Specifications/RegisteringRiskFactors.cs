using Progression.Api.Cases.RiskFactors;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class RegisteringRiskFactors
{
    [Fact]
    public void A_risk_factor_of_the_cases_group_is_registered()
    {
        var current = Given(Opened());
        var command = new RegisterRiskFactor(MentalIllness, "from the intake interview");

        ThenAccepted(RegisterRiskFactorEndpoint.Validate(command, current, Context(current)));
        var (accepted, events) = RegisterRiskFactorEndpoint.Post(command, current, Context(current));
        ThenAnswer(accepted, current, 1);
        ThenEvents(events, new RiskFactorRegistered(MentalIllness, Now, "from the intake interview"));
    }

    [Fact]
    public void A_risk_factor_must_be_one_of_the_catalogue()
    {
        var current = Given(Opened());
        ThenProblem(RegisterRiskFactorEndpoint.Validate(new RegisterRiskFactor("adult.bad-luck"), current, Context(current)), 400, "factor");
    }

    [Fact]
    public void A_risk_factor_of_the_other_target_group_does_not_apply()
    {
        var current = Given(Opened());
        ThenProblem(RegisterRiskFactorEndpoint.Validate(new RegisterRiskFactor(YouthCrime), current, Context(current)), 400, "factor");
    }

    [Fact]
    public void A_risk_factor_is_registered_once()
    {
        var current = Given(Opened(), Registered(MentalIllness));
        ThenProblem(RegisterRiskFactorEndpoint.Validate(new RegisterRiskFactor(MentalIllness), current, Context(current)), 409, "factor");
    }

    [Fact]
    public void A_cleared_risk_factor_can_be_registered_again()
    {
        var current = Given(Opened(), Registered(MentalIllness), new RiskFactorCleared(MentalIllness, Day(2)));
        ThenAccepted(RegisterRiskFactorEndpoint.Validate(new RegisterRiskFactor(MentalIllness), current, Context(current)));
    }

    [Fact]
    public void A_registered_risk_factor_is_cleared()
    {
        var current = Given(Opened(), Registered(MentalIllness));
        var command = new ClearRiskFactor(MentalIllness, "treated", HappenedAt: Day(20));

        ThenAccepted(ClearRiskFactorEndpoint.Validate(command, current, Context(current)));
        var (accepted, events) = ClearRiskFactorEndpoint.Post(command, current, Context(current));
        ThenAnswer(accepted, current, 1);
        ThenEvents(events, new RiskFactorCleared(MentalIllness, Day(20), "treated"));
    }

    [Fact]
    public void Only_a_registered_risk_factor_can_be_cleared()
    {
        var current = Given(Opened(), Registered(MentalIllness));
        ThenProblem(ClearRiskFactorEndpoint.Validate(new ClearRiskFactor(Crime), current, Context(current)), 409, "factor");
    }

    [Fact]
    public void A_risk_factor_is_cleared_once()
    {
        var current = Given(Opened(), Registered(MentalIllness), new RiskFactorCleared(MentalIllness, Day(2)));
        ThenProblem(ClearRiskFactorEndpoint.Validate(new ClearRiskFactor(MentalIllness), current, Context(current)), 409, "factor");
    }

    [Fact]
    public void A_risk_factor_with_open_barriers_cannot_be_cleared()
    {
        var current = Given(Opened(), Registered(MentalIllness), Barrier(Id(1)));
        ThenProblem(ClearRiskFactorEndpoint.Validate(new ClearRiskFactor(MentalIllness), current, Context(current)), 409, "factor");
    }

    [Fact]
    public void A_risk_factor_whose_barriers_are_all_resolved_can_be_cleared()
    {
        var current = Given(Opened(), Registered(MentalIllness), Barrier(Id(1)), new BarrierResolved(Id(1), Day(5)));
        ThenAccepted(ClearRiskFactorEndpoint.Validate(new ClearRiskFactor(MentalIllness), current, Context(current)));
    }
}
