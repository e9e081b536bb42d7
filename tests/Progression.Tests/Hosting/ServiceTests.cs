using System.Text.Json;
using Alba;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

public class ServiceTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Health_reports_the_database_as_healthy()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/health");
            s.StatusCodeShouldBeOk();
        });
        var body = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Liveness_asks_nothing_and_readiness_names_the_database_and_the_projection()
    {
        var live = await app.Host.Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBeOk(); });
        var liveBody = JsonDocument.Parse(await live.ReadAsTextAsync()).RootElement;
        Assert.Equal("Healthy", liveBody.GetProperty("status").GetString());
        Assert.Empty(liveBody.GetProperty("checks").EnumerateObject());

        var ready = await app.Host.Scenario(s => { s.Get.Url("/health/ready"); s.StatusCodeShouldBeOk(); });
        var checks = JsonDocument.Parse(await ready.ReadAsTextAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        var projection = checks.GetProperty("projection");
        Assert.NotEqual("Unhealthy", projection.GetProperty("status").GetString());
        Assert.Equal("CaseFacts", projection.GetProperty("data").GetProperty("projection").GetString());
        Assert.Equal(JsonValueKind.Number, projection.GetProperty("data").GetProperty("behind").ValueKind);
    }

    [Fact]
    public async Task Catalogue_is_served_as_json()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/catalogue");
            s.WithRequestHeader("Authorization", "Bearer " + TestTokens.For(Progression.Api.Access.Roles.Evaluator, "0101"));
            s.StatusCodeShouldBeOk();
            s.ContentTypeShouldBe("application/json; charset=utf-8");
        });
        var body = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement;
        Assert.Equal("vive-2018.1", body.GetProperty("version").GetString());
        Assert.Equal(4, body.GetProperty("levels").GetArrayLength());
        var groups = body.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!);
        Assert.Equal(["adult", "youth"], groups.Keys.Order());
        Assert.Equal(14, groups["adult"].GetProperty("interventions").GetArrayLength());
        Assert.Equal(14, groups["youth"].GetProperty("interventions").GetArrayLength());
        Assert.NotEqual(0, body.GetProperty("instruments").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_routes_answer_404_to_a_signed_in_caller_and_401_to_anyone_else()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/nothing-here");
            s.WithRequestHeader("Authorization", "Bearer " + TestTokens.Coordinator("0101"));
            s.StatusCodeShouldBe(404);
        });
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/nothing-here");
            s.StatusCodeShouldBe(401);
        });
    }
}
