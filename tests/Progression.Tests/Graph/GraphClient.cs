using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Progression.Tests.Cases;

namespace Progression.Tests.Graph;

/// <summary>Sends a GraphQL query over HTTP as a given caller and returns status and body.</summary>
public static class GraphClient
{
    public static Task<Answer> Graph(this IAlbaHost host, string query, string token, object? variables = null, string? municipality = null) =>
        host.Send("POST", "/graphql", null, municipality, token: token,
            rawBody: new JsonObject { ["query"] = query, ["variables"] = JsonSerializer.SerializeToNode(variables, JsonSerializerOptions.Web) }.ToJsonString());

    public static IReadOnlyList<string> Errors(this Answer answer) =>
        answer.Body.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList()
            : [];

    public static JsonElement Data(this Answer answer, string field)
    {
        Assert.True(answer.Errors().Count == 0, $"GraphQL errors: {string.Join("; ", answer.Errors())}");
        return answer.Body.GetProperty("data").GetProperty(field);
    }
}
