using System.Text.Json;
using System.Text.Json.Nodes;
using Progression.Domain.Cases;
using Progression.Domain.Seeding;
using Progression.Tests.Cases;
using Progression.Tests.Cases.Specifications;
using Progression.Tests.Infrastructure;
using static Progression.Api.Cases.EventCommands;
using static Progression.Tests.Seeding.GeneratedCommands;

namespace Progression.Tests.Seeding;

/// <summary>
/// Generated histories recorded through the real service, command by command, as a coordinator of each case's
/// municipality: every one is accepted, and the case the service ends with is the case the events describe.
/// </summary>
public class GeneratedCasesThroughTheApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Every_generated_event_is_accepted_as_a_command_and_the_case_comes_out_the_same()
    {
        var generated = CaseGenerator.Generate(CaseSpecification.TheCatalogue, new SeedOptions(1000, Kommunekoder.First(3), Seed: 11, Now)).ToList();
        var chosen = Covering(generated, 40);
        Assert.Equal(16, chosen.SelectMany(c => c.Events).Select(e => e.GetType()).Distinct().Count());

        foreach (var history in chosen)
        {
            var caseId = await Replay(history);
            var view = (await app.Host.Get($"/api/cases/{caseId}", history.Municipality)).Body;
            var expected = JsonSerializer.SerializeToNode(Fold(history), ViewJson)!;
            var actual = JsonNode.Parse(view.GetRawText())!;
            foreach (var part in new[] { "status", "riskFactors", "barriers", "interventions", "mentors", "outcomes" })
                Assert.True(JsonNode.DeepEquals(expected[part], actual[part]), $"{part} of case {history.Id}: expected {expected[part]}, got {actual[part]}");
        }
    }

    /// <summary>Records the history; answers the id the service chose for the case.</summary>
    private async Task<Guid> Replay(GeneratedCase history)
    {
        var opened = await app.Host.Send("POST", "/api/cases", null, history.Municipality,
            new Dictionary<string, string> { ["Idempotency-Key"] = $"seed-test:{history.Id}" },
            JsonSerializer.Serialize(Opening((CaseOpened)history.Events[0]), Json));
        Assert.True(opened.Status == 201, $"opening {history.Id}: {opened.Status} {opened.Body}");
        var caseId = opened.Body.GetProperty("caseId").GetGuid();

        var routes = CommandRoute.Of(app.Host);
        var version = 1L;
        foreach (var (e, n) in history.Events.Select((e, n) => (e, n)).Skip(1))
        {
            var command = For(e);
            var route = routes.Single(r => r.Command == command.GetType()).Url(caseId, "");
            var body = JsonSerializer.SerializeToNode(command, command.GetType(), Json)!.AsObject();
            Answer answer;
            // Follow-ups falling due append events of their own while we record: take the version the service names.
            for (var attempt = 0; ; attempt++)
            {
                body["expectedVersion"] = version;
                answer = await app.Host.Send("POST", route, null, history.Municipality, rawBody: body.ToJsonString());
                if (answer.Status != 409 || attempt == 5) break;
                // A stale version names the current one; a race lost at commit does not: read it.
                version = answer.Body.TryGetProperty("currentVersion", out var current)
                    ? current.GetInt64()
                    : (await app.Host.Get($"/api/cases/{caseId}", history.Municipality)).Version;
            }
            Assert.True(answer.Status == 200, $"case {history.Id}, event {n + 1} {e.GetType().Name} at {route}: {answer.Status} {answer.Body}");
            version = answer.Version;
        }
        return caseId;
    }

    /// <summary>Generated cases, one of each kind of event among the first, then the first others, up to <paramref name="count"/>.</summary>
    private static IReadOnlyList<GeneratedCase> Covering(IReadOnlyList<GeneratedCase> cases, int count)
    {
        var firstOfEachKind = cases.SelectMany(c => c.Events.Select(e => (Kind: e.GetType(), Case: c)))
            .GroupBy(x => x.Kind, x => x.Case).Select(g => g.First());
        return [.. firstOfEachKind.Concat(cases).Distinct().Take(count)];
    }

    /// <summary>The case a generated history describes, folded as the projection folds it.</summary>
    private static Case Fold(GeneratedCase generated) =>
        generated.Events.Skip(1).Aggregate(Case.Open(generated.Id, (CaseOpened)generated.Events[0]), (current, e) => current.Evolve(e));
}
