using System.Text;
using System.Text.Json;
using Alba;
using Npgsql;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Cases;

/// <summary>A command sent over HTTP, and what came back.</summary>
public sealed record Answer(int Status, JsonElement Body, IReadOnlyDictionary<string, string> Headers)
{
    public long Version => Body.GetProperty("version").GetInt64();
    public Guid Id => Body.GetProperty("id").GetGuid();
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>The fields a problem response names in its errors.</summary>
    public IReadOnlyList<string> Fields =>
        Body.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];
}

/// <summary>Scenario steps that read like the pathway they record.</summary>
public static class CaseScenarios
{
    public const string Municipality = "0101";
    public const string Anonymous = "";

    /// <summary>
    /// Sends a request as <paramref name="token"/>'s caller; by default a coordinator of <paramref name="municipality"/>
    /// (of 0101 when no municipality header is sent). Pass <see cref="Anonymous"/> to send no token at all.
    /// </summary>
    public static async Task<Answer> Send(this IAlbaHost host, string method, string url, object? body,
        string? municipality = Municipality, IDictionary<string, string>? headers = null, string? rawBody = null, string? token = null)
    {
        token ??= TestTokens.Coordinator(municipality ?? Municipality);
        var result = await host.Scenario(s =>
        {
            var json = rawBody ?? (body is null ? null : JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
            if (method == "GET") s.Get.Url(url);
            else if (method == "PUT") s.Put.Text(json ?? "").ToUrl(url).ContentType("application/json");
            else s.Post.Text(json ?? "").ToUrl(url).ContentType("application/json");
            if (municipality is not null) s.WithRequestHeader("X-Municipality", municipality);
            if (token != Anonymous) s.WithRequestHeader("Authorization", "Bearer " + token);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) s.WithRequestHeader(name, value);
            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        var parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        var responseHeaders = result.Context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString());
        return new Answer(result.Context.Response.StatusCode, parsed, responseHeaders);
    }

    public static Task<Answer> Post(this IAlbaHost host, string url, object body, string? municipality = Municipality,
        IDictionary<string, string>? headers = null, string? token = null) => host.Send("POST", url, body, municipality, headers, token: token);

    public static Task<Answer> Get(this IAlbaHost host, string url, string? municipality = Municipality, string? token = null) =>
        host.Send("GET", url, null, municipality, token: token);

    public static async Task<Guid> OpenedCase(this IAlbaHost host, string group = "adult", DateTimeOffset? happenedAt = null,
        string municipality = Municipality)
    {
        var answer = await host.Post("/api/cases",
            new { citizenReference = Reference(), targetGroup = group, services = new[] { "employment" }, happenedAt },
            municipality);
        Assert.Equal(201, answer.Status);
        return answer.Body.GetProperty("caseId").GetGuid();
    }

    /// <summary>A fresh pseudonymous reference, letters only (a run of digits could look like a CPR number).</summary>
    public static string Reference() => "ref-" + string.Concat(Guid.NewGuid().ToString("N")[..16].Select(c => char.IsDigit(c) ? (char)('g' + c - '0') : c));

    /// <summary>Sends a command on a case at the version it has now, and insists it is accepted.</summary>
    public static async Task<Answer> Record(this IAlbaHost host, Guid caseId, string path, object body, string municipality = Municipality)
    {
        var version = (await host.Get($"/api/cases/{caseId}", municipality)).Version;
        var merged = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        merged["expectedVersion"] = version;
        var answer = await host.Send("POST", $"/api/cases/{caseId}/{path}", null, municipality, rawBody: merged.ToJsonString());
        Assert.True(answer.Status == 200, $"{path}: expected 200, got {answer.Status}: {answer.Body}");
        return answer;
    }

    /// <summary>Everything stored for a stream, as text: what "nothing was written" is checked against.</summary>
    public static async Task<string> StoredStream(string connectionString, Guid caseId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var text = new StringBuilder();
        foreach (var sql in new[]
                 {
                     "select seq_id, version, type, data::text, headers::text, timestamp from progression.mt_events where stream_id = $1 order by version",
                     "select version, timestamp from progression.mt_streams where id = $1",
                     "select data::text, mt_version from progression.mt_doc_case where id = $1",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = caseId } } };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.GetValue(i)).Append('|');
            text.AppendLine();
        }
        return text.ToString();
    }
}
