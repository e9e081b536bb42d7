using Alba;
using Microsoft.AspNetCore.Hosting;
using Progression.Api.Access;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Graph;

/// <summary>
/// The service in Production: no introspection, no IDE, no OpenAPI; the code generated ahead of time (a type missing
/// from Internal/Generated stops the start); a database it does not change itself, so the schema is applied first,
/// here by a start in Development (in a deployment by `db-apply`).
/// </summary>
public sealed class ProductionAppFixture : AppFixture
{
    protected override async Task<IAlbaHost> StartAsync()
    {
        await (await Boot(_ => { })).DisposeAsync();
        return await Boot(builder => builder.UseEnvironment("Production"));
    }
}

/// <summary>Abusive or malformed GraphQL requests are refused before they cost anything.</summary>
public class GraphLimitTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string Coordinator = TestTokens.Coordinator("0101");

    [Fact]
    public async Task A_query_deeper_than_ten_levels_is_refused()
    {
        var deep = "{ __type(name: \"Query\") { " + string.Concat(Enumerable.Repeat("ofType { ", 10)) + "name" + new string('}', 11) + " }";
        var answer = await app.Host.Graph(deep, Coordinator);
        Assert.Equal(400, answer.Status);
        Assert.Contains(answer.Errors(), e => e.Contains("depth", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_query_over_the_complexity_budget_is_refused()
    {
        var aliases = string.Concat(Enumerable.Range(0, 150).Select(i => $"a{i}: catalogue {{ groups {{ barriers {{ textDa footnotes }} }} }} "));
        var answer = await app.Host.Graph("{ " + aliases + "}", Coordinator);
        Assert.Equal(400, answer.Status);
        Assert.Contains(answer.Errors(), e => e.Contains("complexity", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_batch_of_requests_is_refused()
    {
        var answer = await app.Host.Send("POST", "/graphql", null, null, token: Coordinator,
            rawBody: """[{"query":"{ freshness { behind } }"},{"query":"{ freshness { behind } }"}]""");
        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Header("Content-Type"));
    }

    [Fact]
    public async Task Pages_are_limited_and_first_and_last_do_not_mix()
    {
        Assert.Contains((await app.Host.Graph("{ cases(first: 101) { totalCount } }", Coordinator)).Errors(), e => e.Contains("at most 100"));
        Assert.Contains((await app.Host.Graph("{ cases(first: 1, last: 1) { totalCount } }", Coordinator)).Errors(), e => e.Contains("not both"));
        Assert.Contains((await app.Host.Graph("{ cases(after: \"bm9wZQ==\") { totalCount } }", Coordinator)).Errors(), e => e.Contains("not a cursor"));
    }

    [Fact]
    public async Task Without_a_token_there_is_no_graph()
    {
        var answer = await app.Host.Send("POST", "/graphql", null, null, token: CaseScenarios.Anonymous, rawBody: """{"query":"{ catalogue { version } }"}""");
        Assert.Equal(401, answer.Status);
    }

    [Fact]
    public async Task Errors_name_the_problem_but_not_the_internals()
    {
        var answer = await app.Host.Graph("{ case(id: \"not-a-case\") { id } }", Coordinator);
        var message = Assert.Single(answer.Errors());
        Assert.Equal("id: not a case id.", message);
        Assert.DoesNotContain("Exception", answer.Body.ToString());
        Assert.DoesNotContain("   at ", answer.Body.ToString());
    }

    [Fact]
    public async Task Queries_also_work_over_get()
    {
        var answer = await app.Host.Send("GET", "/graphql?query=" + Uri.EscapeDataString("{ catalogue { version } }"), null, null, token: Coordinator);
        Assert.Equal("vive-2018.1", answer.Data("catalogue").GetProperty("version").GetString());
    }

    [Fact]
    public async Task In_development_a_misspelt_field_gets_a_hint()
    {
        var misspelt = await app.Host.Graph("{ catalog { version } }", Coordinator);
        Assert.Contains(misspelt.Errors(), e => e.Contains("Did you mean 'catalogue'"));
    }

    [Fact]
    public async Task In_development_the_schema_can_be_introspected()
    {
        var answer = await app.Host.Graph("{ __schema { queryType { name } } }", Coordinator);
        Assert.Equal("Query", answer.Data("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }
}

public class GraphProductionTests(ProductionAppFixture app) : IClassFixture<ProductionAppFixture>
{
    [Fact]
    public async Task In_production_introspection_the_ide_and_openapi_are_off()
    {
        var token = TestTokens.For(Roles.Evaluator, "0101");
        var answer = await app.Host.Graph("{ __schema { queryType { name } } }", token);
        Assert.Equal(400, answer.Status);
        Assert.Contains("Introspection is turned off.", answer.Errors());
        Assert.Equal("vive-2018.1", (await app.Host.Graph("{ catalogue { version } }", token)).Data("catalogue").GetProperty("version").GetString());
        Assert.Equal(401, (await app.Host.Send("GET", "/openapi/v1.json", null, null, token: CaseScenarios.Anonymous)).Status);
        Assert.Equal(401, (await app.Host.Send("GET", "/graphiql/index.html", null, null, token: CaseScenarios.Anonymous)).Status);
        var misspelt = await app.Host.Graph("{ catalog { version } }", token);
        Assert.Equal(400, misspelt.Status);
        Assert.DoesNotContain(misspelt.Errors(), e => e.Contains("Did you mean"));
    }
}
