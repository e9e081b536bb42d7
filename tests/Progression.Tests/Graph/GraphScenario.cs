using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Progression.Domain.Catalogue;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Tests.Graph;

// What the fixture sent, in plain terms: the tests compute every expected figure from this log with LINQ of their own,
// never with the production analytics.

public sealed class SeededCase
{
    public required Guid Id { get; init; }
    public required string Municipality { get; init; }
    public required string Group { get; init; }
    public required string CitizenReference { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<SeededFactor> Factors { get; } = [];
    public List<SeededBarrier> Barriers { get; } = [];
    public List<SeededIntervention> Interventions { get; } = [];
    public List<SeededMeasurement> Measurements { get; } = [];
    public List<SeededOutcome> Outcomes { get; } = [];

    /// <summary>Assigned now (an unassigned mentor is gone).</summary>
    public List<string> Mentors { get; } = [];

    public bool IsOpen => ClosedAt is null;
    public IEnumerable<string> RegisteredFactors => Factors.Where(f => f.ClearedAt is null).Select(f => f.Factor);
}

/// <summary>RecordedBy: a moment after the service had stored it and before the case's next command was sent.</summary>
public sealed class SeededFactor
{
    public required string Factor { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required DateTimeOffset RecordedBy { get; init; }
    public DateTimeOffset? ClearedAt { get; set; }
}

public sealed class SeededBarrier
{
    public required Guid Id { get; init; }
    public required string Factor { get; init; }
    public required string Level { get; init; }
    public required string CatalogueBarrier { get; init; }
    public required DateTimeOffset IdentifiedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

public sealed class SeededIntervention
{
    public required Guid Id { get; init; }

    /// <summary>The catalogue id, or "local:" + the local name.</summary>
    public required string Key { get; init; }
    public required IReadOnlyList<Guid> Barriers { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>active, completed or dropped-out.</summary>
    public string Status { get; set; } = "active";
}

public sealed record SeededMeasurement(string Instrument, DateTimeOffset At, IReadOnlyDictionary<string, decimal> Scores);

public sealed class SeededOutcome
{
    public required Guid Id { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset ReachedAt { get; init; }
    public List<int> RetainedAtMonths { get; } = [];
    public DateTimeOffset? LostAt { get; set; }
}

/// <summary>
/// The service with a mixed caseload in three municipalities, recorded once through the HTTP command API, with the
/// log of what was sent. The pathways come from a seeded <see cref="Random"/>: the same shape every run, dated back
/// from the moment the run starts.
/// <para>
/// Follow-ups are durable scheduled messages that append to a case when due, and a due date in the past fires at once.
/// So that nothing but this fixture writes (and the version it tracks, the event counts and the projection's freshness
/// stay deterministic), no follow-up falls due during the run: each case's newest measurement is less than the
/// instruments' 91-day interval old and is recorded first (an older measurement recorded later is not the latest, so
/// its follow-up appends nothing), and outcomes are less than three months old (those retained at 3 months recorded
/// within the two weeks before the check falls due).
/// </para>
/// </summary>
public sealed class GraphScenario : AppFixture, IAsyncLifetime
{
    public static readonly string[] MunicipalityIds = ["0101", "0147", "0751"];
    public const string MentorA = "mentor-a", MentorB = "mentor-b";
    public const string AdultInstrument = "boligsocial-progression-goals", YouthInstrument = "ten-life-areas";
    public const string LocalIntervention = "Jobklub";

    private static readonly (string Municipality, int Cases)[] Caseloads = [("0101", 16), ("0147", 10), ("0751", 10)];
    private static readonly string[] OutcomeKinds = ["ordinary-job", "subsidised-job", "flex-job", "education-started", "other"];

    /// <summary>The run's "now", to the second; every date recorded lies before <see cref="Latest"/>.</summary>
    public DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private DateTimeOffset Latest => Now.AddHours(-1);

    public CatalogueModel Catalogue { get; } = CatalogueLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalogue"));
    public List<SeededCase> Log { get; } = [];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await Seed();
        // The aggregates read the CaseFacts async projection: wait for it to catch up (never sleep).
        await Host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    private async Task Seed()
    {
        var random = new Random(20_250_601);
        foreach (var (municipality, count) in Caseloads)
            for (var n = 0; n < count; n++)
            {
                var group = n % 2 == 0 ? "adult" : "youth";
                // The first and third case of 0101 open at the same moment: the order falls back on the id.
                var openedAt = municipality == "0101" && n == 2
                    ? Log.First(c => c.Municipality == "0101").OpenedAt
                    : Now.AddDays(-random.Next(40, 720)).AddHours(-random.Next(24)).AddMinutes(-random.Next(60));
                var recorder = await CaseRecorder.Open(Host, municipality, group, openedAt);
                // A few traits are fixed rather than drawn, so every municipality has them.
                await Pathway(recorder, random, localIntervention: n is 3 or 6, closedWithMentorA: n == 4);
                Log.Add(recorder.Case);
            }
    }

    /// <summary>One case's course after opening, in the order a municipality would record it.</summary>
    private async Task Pathway(CaseRecorder c, Random random, bool localIntervention, bool closedWithMentorA)
    {
        var group = Catalogue.FindGroup(c.Case.Group)!;
        var opened = c.Case.OpenedAt;
        // Factors with catalogue barriers; the three with most barriers come up more often, so cells fill up.
        var withBarriers = group.RiskFactors.Where(f => group.Barriers.Any(b => b.Factor == f.Id)).Select(f => f.Id).ToList();
        var popular = withBarriers.OrderByDescending(f => group.Barriers.Count(b => b.Factor == f)).Take(3).ToList();

        var factors = new List<string>();
        for (var wanted = random.Next(1, 4); factors.Count < wanted;)
        {
            var factor = random.NextDouble() < 0.6 ? popular[random.Next(popular.Count)] : withBarriers[random.Next(withBarriers.Count)];
            if (!factors.Contains(factor)) factors.Add(factor);
        }
        foreach (var (factor, i) in factors.Select((f, i) => (f, i)))
            await c.RiskFactor(factor, After(opened, days: random.Next(0, 6)).AddMinutes(i));
        if (random.NextDouble() < 0.2 && withBarriers.Except(factors).FirstOrDefault() is { } passing)
        {
            await c.RiskFactor(passing, After(opened, days: 1));
            await c.ClearRiskFactor(passing, After(opened, days: random.Next(10, 30)));
        }

        if (closedWithMentorA || random.NextDouble() < 0.55) await c.AssignMentor(MentorA, After(opened, days: random.Next(0, 10)));
        if (random.NextDouble() < 0.4) await c.AssignMentor(MentorB, After(opened, days: random.Next(0, 10)));

        foreach (var factor in factors)
        {
            var registered = c.Case.Factors.Single(f => f.Factor == factor && f.ClearedAt is null).RegisteredAt;
            var candidates = group.Barriers.Where(b => b.Factor == factor).ToList();
            foreach (var barrier in candidates.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
                await c.Barrier(barrier, After(registered, days: random.Next(1, 21)));
        }

        var interventions = new List<SeededIntervention>();
        if (localIntervention)
        {
            var target = c.Case.Barriers[0];
            interventions.Add(await c.StartLocal(LocalIntervention, new Cell(target.Factor, target.Level), [target],
                After(target.IdentifiedAt, days: random.Next(3, 40))));
        }
        for (var wanted = random.Next(0, 3); wanted > 0; wanted--)
        {
            var cells = c.Case.Barriers.Select(b => new Cell(b.Factor, b.Level)).ToHashSet();
            var untaken = group.Interventions.Where(i => interventions.All(taken => taken.Key != i.Id)).ToList();
            var fitting = untaken.Where(i => i.Cells.Any(cells.Contains)).ToList();
            var pool = fitting.Count > 0 ? fitting : untaken;
            var chosen = pool[random.Next(pool.Count)];
            var named = c.Case.Barriers.Where(b => chosen.Cells.Contains(new Cell(b.Factor, b.Level))).ToList();
            if (named.Count == 0) named = [c.Case.Barriers[random.Next(c.Case.Barriers.Count)]];
            interventions.Add(await c.Start(chosen.Id, named, After(named.Max(b => b.IdentifiedAt), days: random.Next(3, 60))));
        }
        foreach (var intervention in interventions)
        {
            var draw = random.NextDouble();
            var endedAt = After(intervention.StartedAt, days: random.Next(14, 240));
            if (draw < 0.35) continue;
            if (draw < 0.75) await c.Complete(intervention, endedAt);
            else await c.DropOut(intervention, endedAt);
        }

        foreach (var barrier in c.Case.Barriers.ToList())
        {
            if (random.NextDouble() >= 0.4) continue;
            var namedSince = c.Case.Interventions.Where(i => i.Barriers.Contains(barrier.Id)).Select(i => i.StartedAt).Append(barrier.IdentifiedAt).Max();
            await c.Resolve(barrier, After(namedSince, days: random.Next(5, 150)));
        }

        var measurements = random.Next(0, 5);
        if (measurements > 0)
        {
            var instrument = Catalogue.FindInstrument(c.Case.Group == "adult" ? AdultInstrument : YouthInstrument)!;
            // The newest first and inside the follow-up interval; then older ones, back to the opening (see above).
            var newest = Max(opened.AddDays(1), Now.AddDays(-random.Next(1, 80)).AddHours(-random.Next(24)));
            var dates = Enumerable.Range(1, measurements - 1)
                .Select(_ => opened.AddMinutes(random.Next((int)(newest - opened).TotalMinutes)))
                .Prepend(newest).Distinct().OrderDescending();
            foreach (var at in dates)
                await c.Measure(instrument.Id, instrument.Dimensions.ToDictionary(d => d.Id, _ => (decimal)random.Next(1, 11)), at);
        }

        if (random.NextDouble() < 0.45)
        {
            var draw = random.NextDouble();
            // A 3-month check can be recorded from two weeks before it falls due, and must not fall due during the run.
            var daysAgo = draw < 0.35 ? random.Next(80, 86) : random.Next(3, 80);
            var outcome = await c.Outcome(OutcomeKinds[random.Next(OutcomeKinds.Length)], Max(opened.AddDays(1), Now.AddDays(-daysAgo)));
            if (draw < 0.35 && outcome.ReachedAt <= Now.AddDays(-80)) await c.Retained(outcome, months: 3, Now.AddDays(-1));
            else if (draw is >= 0.35 and < 0.55) await c.Lost(outcome, After(outcome.ReachedAt, days: random.Next(1, 3)));
        }

        if (!closedWithMentorA && c.Case.Mentors.Contains(MentorA) && random.NextDouble() < 0.2)
            await c.UnassignMentor(MentorA, After(opened, days: random.Next(20, 40)));

        if (closedWithMentorA || random.NextDouble() < 0.3)
        {
            var lastEvent = new[] { opened }
                .Concat(c.Case.Factors.Select(f => f.ClearedAt ?? f.RegisteredAt))
                .Concat(c.Case.Barriers.Select(b => b.ResolvedAt ?? b.IdentifiedAt))
                .Concat(c.Case.Interventions.Select(i => i.EndedAt ?? i.StartedAt))
                .Concat(c.Case.Measurements.Select(m => m.At))
                .Concat(c.Case.Outcomes.Select(o => o.LostAt ?? o.ReachedAt))
                .Max();
            await c.Close(After(lastEvent, days: random.Next(1, 5)));
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Some days after a moment, but never after <see cref="Latest"/> (nor before the moment).</summary>
    private DateTimeOffset After(DateTimeOffset moment, int days)
    {
        var at = moment.AddDays(days);
        return at > Latest ? (moment > Latest ? moment : Latest) : at;
    }
}

/// <summary>
/// Records one case through the command API as a coordinator of its municipality, at the version it last saw (nothing
/// else writes to the case), and writes down what it sent.
/// </summary>
public sealed class CaseRecorder
{
    private readonly IAlbaHost _host;
    private long _version = 1;

    private CaseRecorder(IAlbaHost host, SeededCase log) => (_host, Case) = (host, log);

    public SeededCase Case { get; }

    public static async Task<CaseRecorder> Open(IAlbaHost host, string municipality, string group, DateTimeOffset openedAt)
    {
        var reference = CaseScenarios.Reference();
        var answer = await host.Post("/api/cases",
            new { citizenReference = reference, targetGroup = group, services = new[] { "employment", "social" }, happenedAt = openedAt },
            municipality);
        Assert.True(answer.Status == 201, $"open: expected 201, got {answer.Status}: {answer.Body}");
        return new CaseRecorder(host, new SeededCase
        {
            Id = answer.Body.GetProperty("caseId").GetGuid(), Municipality = municipality, Group = group,
            CitizenReference = reference, OpenedAt = openedAt,
        });
    }

    public async Task RiskFactor(string factor, DateTimeOffset at)
    {
        await Send("risk-factors", new { factor, happenedAt = at });
        Case.Factors.Add(new SeededFactor { Factor = factor, RegisteredAt = at, RecordedBy = DateTimeOffset.UtcNow });
    }

    public async Task ClearRiskFactor(string factor, DateTimeOffset at)
    {
        await Send("risk-factors/clear", new { factor, happenedAt = at });
        Case.Factors.Single(f => f.Factor == factor && f.ClearedAt is null).ClearedAt = at;
    }

    public async Task<SeededBarrier> Barrier(Progression.Domain.Catalogue.Barrier barrier, DateTimeOffset at)
    {
        var id = await Send("barriers", new
        {
            factor = barrier.Factor, level = barrier.Level, catalogueBarrier = barrier.Id, serviceArea = "social", happenedAt = at,
        });
        var seeded = new SeededBarrier { Id = id, Factor = barrier.Factor, Level = barrier.Level, CatalogueBarrier = barrier.Id, IdentifiedAt = at };
        Case.Barriers.Add(seeded);
        return seeded;
    }

    public async Task Resolve(SeededBarrier barrier, DateTimeOffset at)
    {
        await Send("barriers/resolve", new { barrierId = barrier.Id, happenedAt = at });
        barrier.ResolvedAt = at;
    }

    public Task<SeededIntervention> Start(string catalogueIntervention, IReadOnlyList<SeededBarrier> barriers, DateTimeOffset at) =>
        Started(catalogueIntervention, barriers, at,
            new { catalogueIntervention, barriers = barriers.Select(b => b.Id), serviceArea = "employment", provider = "Jobcenter", happenedAt = at });

    public Task<SeededIntervention> StartLocal(string name, Cell cell, IReadOnlyList<SeededBarrier> barriers, DateTimeOffset at) =>
        Started("local:" + name, barriers, at, new
        {
            local = new { name, cells = new[] { new { factor = cell.Factor, level = cell.Level } } },
            barriers = barriers.Select(b => b.Id), serviceArea = "employment", provider = "Jobcenter", happenedAt = at,
        });

    private async Task<SeededIntervention> Started(string key, IReadOnlyList<SeededBarrier> barriers, DateTimeOffset at, object command)
    {
        var id = await Send("interventions", command);
        var seeded = new SeededIntervention { Id = id, Key = key, Barriers = [.. barriers.Select(b => b.Id)], StartedAt = at };
        Case.Interventions.Add(seeded);
        return seeded;
    }

    public async Task Complete(SeededIntervention intervention, DateTimeOffset at)
    {
        await Send("interventions/complete", new { interventionId = intervention.Id, happenedAt = at });
        (intervention.Status, intervention.EndedAt) = ("completed", at);
    }

    public async Task DropOut(SeededIntervention intervention, DateTimeOffset at)
    {
        await Send("interventions/drop-out", new { interventionId = intervention.Id, reason = "Stopped coming", happenedAt = at });
        (intervention.Status, intervention.EndedAt) = ("dropped-out", at);
    }

    public async Task Measure(string instrument, IReadOnlyDictionary<string, decimal> scores, DateTimeOffset at)
    {
        await Send("measurements", new { instrument, scores, measuredBy = "mentor", happenedAt = at });
        Case.Measurements.Add(new SeededMeasurement(instrument, at, scores));
    }

    public async Task<SeededOutcome> Outcome(string kind, DateTimeOffset at)
    {
        var id = await Send("outcomes", new { kind, happenedAt = at });
        var seeded = new SeededOutcome { Id = id, Kind = kind, ReachedAt = at };
        Case.Outcomes.Add(seeded);
        return seeded;
    }

    public async Task Retained(SeededOutcome outcome, int months, DateTimeOffset at)
    {
        await Send("outcomes/retained", new { outcomeId = outcome.Id, checkpointMonths = months, happenedAt = at });
        outcome.RetainedAtMonths.Add(months);
    }

    public async Task Lost(SeededOutcome outcome, DateTimeOffset at)
    {
        await Send("outcomes/lost", new { outcomeId = outcome.Id, reason = "Contract ended", happenedAt = at });
        outcome.LostAt = at;
    }

    public async Task AssignMentor(string mentorId, DateTimeOffset at)
    {
        await Send("mentors", new { mentorId, happenedAt = at });
        Case.Mentors.Add(mentorId);
    }

    public async Task UnassignMentor(string mentorId, DateTimeOffset at)
    {
        await Send("mentors/unassign", new { mentorId, happenedAt = at });
        Case.Mentors.Remove(mentorId);
    }

    public async Task Close(DateTimeOffset at)
    {
        await Send("close", new { reason = "Pathway ended", happenedAt = at });
        Case.ClosedAt = at;
    }

    /// <summary>Sends a command at the version last seen; insists on 200; answers the id of what it created, if anything.</summary>
    private async Task<Guid> Send(string path, object body)
    {
        var command = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        command["expectedVersion"] = _version;
        var answer = await _host.Send("POST", $"/api/cases/{Case.Id}/{path}", null, Case.Municipality, rawBody: command.ToJsonString());
        Assert.True(answer.Status == 200, $"{path} on case {Case.Id}: expected 200, got {answer.Status}: {answer.Body}");
        _version = answer.Version;
        return answer.Body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : Guid.Empty;
    }
}
