using Microsoft.AspNetCore.Http.HttpResults;
using Progression.Api.Cases;
using Progression.Api.Cases.Opening;
using Progression.Domain.Cases;
using static Progression.Tests.Cases.Specifications.CaseSpecification;

namespace Progression.Tests.Cases.Specifications;

public class OpeningCases
{
    private static readonly OpenCase Valid = new("citizen-7f3a", "adult", [ServiceArea.Social, ServiceArea.Employment]);

    [Fact]
    public void A_case_opens_for_a_pseudonymous_citizen_in_a_target_group_of_the_catalogue()
    {
        ThenAccepted(OpenCaseEndpoint.Validate(Valid, Context()));
        var (result, stream) = OpenCaseEndpoint.Post(Valid, Context());

        var created = Assert.IsType<Created<CommandAccepted>>(result);
        var id = stream.StreamId;
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/cases/{id}", created.Location);
        Assert.Equal(new CommandAccepted(id, 1), created.Value);
        var opened = ThenSingle<CaseOpened>(stream.Events);
        Assert.Equal((id, "citizen-7f3a", "adult", MunicipalityCode, Now), (opened.CaseId, opened.CitizenReference, opened.TargetGroup, opened.Municipality, opened.HappenedAt));
        Assert.Equal([ServiceArea.Social, ServiceArea.Employment], opened.Services);
    }

    [Fact]
    public void Every_case_gets_a_new_id_of_its_own() =>
        Assert.NotEqual(OpenCaseEndpoint.Post(Valid, Context()).Item2.StreamId, OpenCaseEndpoint.Post(Valid, Context()).Item2.StreamId);

    [Fact]
    public void A_case_opened_late_keeps_when_it_opened()
    {
        var (_, stream) = OpenCaseEndpoint.Post(Valid with { HappenedAt = Day(-3) }, Context());

        Assert.Equal(Day(-3), ThenSingle<CaseOpened>(stream.Events).HappenedAt);
    }

    [Theory]
    [InlineData("010203-1234")]
    [InlineData("0102031234")]
    [InlineData(" 0102031234 ")]
    public void A_CPR_number_never_enters_the_case(string reference) =>
        ThenProblem(OpenCaseEndpoint.Validate(Valid with { CitizenReference = reference }, Context()), 400, "citizenReference");

    [Theory]
    [InlineData("")]
    [InlineData("Jens Hansen")]
    [InlineData("-leading-dash")]
    public void A_citizen_reference_is_a_plain_key(string reference) =>
        ThenProblem(OpenCaseEndpoint.Validate(Valid with { CitizenReference = reference }, Context()), 400, "citizenReference");

    [Fact]
    public void A_citizen_reference_is_at_most_64_characters() =>
        ThenProblem(OpenCaseEndpoint.Validate(Valid with { CitizenReference = new string('a', 65) }, Context()), 400, "citizenReference");

    [Fact]
    public void The_target_group_must_be_one_of_the_catalogue() =>
        ThenProblem(OpenCaseEndpoint.Validate(Valid with { TargetGroup = "elderly" }, Context()), 400, "targetGroup");

    [Fact]
    public void A_service_is_listed_once() =>
        ThenProblem(OpenCaseEndpoint.Validate(Valid with { Services = [ServiceArea.Health, ServiceArea.Health] }, Context()), 400, "services");

    [Fact]
    public void A_case_cannot_open_in_the_future() =>
        ThenProblem(OpenCaseEndpoint.Validate(Valid with { HappenedAt = Now.AddHours(1) }, Context()), 400, "happenedAt");

    [Fact]
    public void A_retry_with_the_same_idempotency_key_lands_on_the_same_case() =>
        Assert.Equal(
            OpenCaseEndpoint.CaseIdFor(Context(idempotencyKey: "key-1")),
            OpenCaseEndpoint.CaseIdFor(Context(idempotencyKey: "key-1") with { Now = Now.AddMinutes(5) }));

    [Fact]
    public void The_same_idempotency_key_in_another_municipality_opens_another_case() =>
        Assert.NotEqual(
            OpenCaseEndpoint.CaseIdFor(Context(idempotencyKey: "key-1")),
            OpenCaseEndpoint.CaseIdFor(Context(idempotencyKey: "key-1", municipality: "0147")));

    [Fact]
    public void Another_idempotency_key_opens_another_case() =>
        Assert.NotEqual(
            OpenCaseEndpoint.CaseIdFor(Context(idempotencyKey: "key-1")),
            OpenCaseEndpoint.CaseIdFor(Context(idempotencyKey: "key-2")));

}
