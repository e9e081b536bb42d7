using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Progression.Api.Access;
using Progression.Api.Cases;
using Progression.Domain.Cases;

namespace Progression.Api.Demo;

/// <summary>
/// On the first start of the run command (Demo:Load = true and the pathways not there yet), records the named demo pathways through
/// the service's own HTTP command API, so they pass the same validation as a coordinator's commands.
/// </summary>
public sealed class DemoLoader(
    IHostApplicationLifetime lifetime, IServer server, IDocumentStore store, IConfiguration configuration, IHostEnvironment environment,
    ILogger<DemoLoader> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await Started(stoppingToken)) return;
        var pathways = DemoPathways.All;
        await using (var session = store.QuerySession(pathways[0].Municipality))
        {
            if (await session.LoadAsync<Case>(pathways[0].CaseId, stoppingToken) is not null) return;
        }

        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Console.WriteLine($"Loading demo data: {pathways.Count} cases, {pathways.Sum(p => p.Steps.Count + 1)} commands…");
        foreach (var (pathway, index) in pathways.Select((p, i) => (p, i)))
        {
            await Record(http, pathway, stoppingToken);
            Console.WriteLine($"  {index + 1}/{pathways.Count} {pathway.Group} case {pathway.CaseId} in {pathway.Municipality}");
        }
        Console.WriteLine("Demo data loaded.");
    }

    private async Task<bool> Started(CancellationToken ct)
    {
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var __ = ct.Register(() => started.TrySetCanceled());
        try { await started.Task; return true; }
        catch (TaskCanceledException) { return false; }
    }

    private async Task Record(HttpClient http, DemoPathway pathway, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        await Send(http, pathway.Municipality, "/api/cases", new JsonObject
        {
            ["citizenReference"] = pathway.CitizenReference, ["targetGroup"] = pathway.Group,
            ["services"] = new JsonArray(pathway.Services.Select(s => (JsonNode)s).ToArray()),
            ["happenedAt"] = now.AddDays(-pathway.OpenedDaysAgo),
        }, ct, idempotencyKey: pathway.OpeningKey);
        foreach (var step in pathway.Steps)
        {
            var body = JsonSerializer.SerializeToNode(step.Body, JsonSerializerOptions.Web)!.AsObject();
            body["happenedAt"] = now.AddDays(-step.DaysAgo);
            await SendOnCase(http, pathway, step.Path, body, ct);
        }
    }

    /// <summary>Follow-ups may append to the case between our read and our write: re-read the version and retry.</summary>
    private async Task SendOnCase(HttpClient http, DemoPathway pathway, string path, JsonObject body, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{pathway.CaseId}");
            SignIn(read, pathway.Municipality);
            using var current = await http.SendAsync(read, ct);
            body["expectedVersion"] = (await current.Content.ReadFromJsonAsync<JsonObject>(ct))!["version"]!.GetValue<long>();
            var status = await Send(http, pathway.Municipality, $"/api/cases/{pathway.CaseId}/{path}", body, ct, allowConflict: attempt < 5);
            if (status != HttpStatusCode.Conflict) return;
        }
    }

    private async Task<HttpStatusCode> Send(HttpClient http, string municipality, string url, JsonObject body, CancellationToken ct,
        bool allowConflict = false, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add(IdempotentRetry.Header, idempotencyKey);
        SignIn(request, municipality);
        using var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode || (allowConflict && response.StatusCode == HttpStatusCode.Conflict)) return response.StatusCode;
        var problem = await response.Content.ReadAsStringAsync(ct);
        log.LogError("Demo command {Url} was refused ({Status}): {Problem}", url, (int)response.StatusCode, problem);
        throw new InvalidOperationException($"demo command {url} was refused: {problem}");
    }

    /// <summary>The demo loader acts as a coordinator of the pathway's municipality, with a development token.</summary>
    private void SignIn(HttpRequestMessage request, string municipality) =>
        request.Headers.Authorization = new("Bearer", DevTokens.Mint(
            _signingKey.Value, "demo-loader", Roles.Coordinator, [municipality], TimeSpan.FromMinutes(10)));

    private readonly Lazy<Microsoft.IdentityModel.Tokens.SecurityKey> _signingKey =
        new(() => DevTokens.SigningKey(configuration, environment.ContentRootPath));

    /// <summary>Stable ids for demo cases and their parts, so steps can refer to what earlier steps created.</summary>
    public static Guid Id(string name) => NameBasedId.For("demo", name);
}
