using System.Text.Json;
using System.Text.Json.Nodes;
using Progression.Domain.Catalogue;
using Progression.Tests.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Tests.Browser;

/// <summary>A barrier as the fixture recorded it, and what it did to it since.</summary>
public sealed record RecordedBarrier(Guid Case, string Municipality, string Factor, string Level, bool Open, bool Addressed);

/// <summary>
/// Ten adult cases and a youth case recorded through the command API (as coordinators of 0101 and 0751), with the log
/// the tests compute their expectations from. Dates are relative to the run; the newest measurement of a case is
/// recorded first and lies within the instrument's 91-day interval, and the outcome is recent, so no follow-up falls due
/// (and appends to a case) while the tests run; but one, which nothing else writes to, waits overdue. The guidance
/// tests start interventions on two cases of their own, in cells no other test counts.
/// </summary>
public sealed class WebScenario
{
    public const string Mentor = "mentor-kbh-01", OtherMentor = "mentor-other";
    public const string Instrument = "boligsocial-progression-goals";
    public static readonly string[] Dimensions = ["labour-market-education-mastery", "job-education-search-skills", "everyday-mastery"];
    public const string MentalIllness = "adult.mental-illness", Housing = "adult.housing-problems";
    public const string Ips = "adult.ips";
    public const string EconomicProblems = "adult.economic-problems", YouthHousing = "youth.housing-problems";
    public const string DroppedOut = "adult.op-paa-hesten";

    /// <summary>The catalogue the service ships: the labels and grades the pages show for the ids recorded.</summary>
    public static readonly CatalogueModel Catalogue = CatalogueLoader.Load(Path.Combine(AppContext.BaseDirectory, "catalogue"));

    /// <summary>Assigned to the demo mentor; measured three times; IPS addresses one of its barriers.</summary>
    public Guid MentorsCase { get; private set; }
    public Guid OtherMentorsCase { get; private set; }
    /// <summary>The case the conflict test writes to (nothing else does).</summary>
    public Guid ConflictCase { get; private set; }
    public Guid OtherMunicipalityCase { get; private set; }
    /// <summary>Measured 100 days ago and not since: its next measurement fell due 9 days ago (nothing else writes to it).</summary>
    public Guid OverdueCase { get; private set; }
    public DateTimeOffset OverdueSince { get; private set; }
    /// <summary>
    /// One open barrier (mental illness, individual) that is a blind spot, assigned to the demo mentor; it dropped out
    /// of <see cref="DroppedOut"/> there. Nothing writes to it.
    /// </summary>
    public Guid GuidanceCase { get; private set; }
    public DateTimeOffset DroppedOutAt { get; private set; }
    /// <summary>One open barrier (economic problems, individual): the suggestions test starts an intervention on it.</summary>
    public Guid EconomicCase { get; private set; }
    /// <summary>A youth case with one open housing barrier (institutional), where only a marker's intervention is suggested; started by a test.</summary>
    public Guid YouthHousingCase { get; private set; }
    /// <summary>The cases assigned to the demo mentor.</summary>
    public List<Guid> MentorCases { get; } = [];
    public List<Guid> Cases { get; } = [];
    public List<RecordedBarrier> Barriers { get; } = [];

    /// <summary>The latest scores of the mentor's case as recorded, by dimension.</summary>
    public IReadOnlyDictionary<string, decimal> LatestScores { get; private set; } = null!;

    public static async Task<WebScenario> Record(WebAppFixture app)
    {
        var now = DateTimeOffset.UtcNow;
        var log = new WebScenario();

        var a = await Recorder.Open(app, log, "0101", now.AddDays(-250));
        await a.Send("risk-factors", new { factor = MentalIllness, happenedAt = now.AddDays(-249) });
        var addressed = await a.Barrier(MentalIllness, "individual", "adult.mental-illness.individual.1", now.AddDays(-248), addressed: true);
        var resolved = await a.Barrier(MentalIllness, "individual", "adult.mental-illness.individual.2", now.AddDays(-248), open: false);
        await a.Send("mentors", new { mentorId = Mentor, happenedAt = now.AddDays(-247) });
        log.MentorCases.Add(a.Id);
        await a.Send("interventions", new { catalogueIntervention = Ips, barriers = new[] { addressed }, serviceArea = "employment", provider = "Jobcenter", happenedAt = now.AddDays(-240) });
        await a.Send("barriers/resolve", new { barrierId = resolved, happenedAt = now.AddDays(-200) });
        log.LatestScores = Scores(6, 5, 7);
        foreach (var (daysAgo, scores) in new[] { (30, log.LatestScores), (120, Scores(4, 3, 5)), (200, Scores(2, 2, 3)) })
            await a.Send("measurements", new { instrument = Instrument, measuredBy = Mentor, scores, happenedAt = now.AddDays(-daysAgo) });
        await a.Send("outcomes", new { kind = "ordinary-job", happenedAt = now.AddDays(-20) });
        log.MentorsCase = a.Id;

        var b = await Recorder.Open(app, log, "0101", now.AddDays(-200));
        await b.Send("risk-factors", new { factor = MentalIllness });
        await b.Barrier(MentalIllness, "individual", "adult.mental-illness.individual.1", null);
        await b.Send("mentors", new { mentorId = OtherMentor });
        log.OtherMentorsCase = b.Id;

        foreach (var withHousing in new[] { true, true, false, false })
        {
            var c = await Recorder.Open(app, log, "0101", now.AddDays(-150));
            await c.Send("risk-factors", new { factor = MentalIllness });
            await c.Barrier(MentalIllness, "individual", "adult.mental-illness.individual.1", null);
            if (withHousing)
            {
                await c.Send("risk-factors", new { factor = Housing });
                await c.Barrier(Housing, "institutional", "adult.housing-problems.institutional.1", null);
            }
            if (log.ConflictCase == Guid.Empty) log.ConflictCase = c.Id;
        }

        var g = await Recorder.Open(app, log, "0751", now.AddDays(-100));
        await g.Send("risk-factors", new { factor = MentalIllness });
        await g.Barrier(MentalIllness, "individual", "adult.mental-illness.individual.1", null);
        log.OtherMunicipalityCase = g.Id;

        var o = await Recorder.Open(app, log, "0101", now.AddDays(-120));
        await o.Send("measurements", new { instrument = Instrument, measuredBy = Mentor, scores = Scores(5, 5, 5), happenedAt = now.AddDays(-100) });
        (log.OverdueCase, log.OverdueSince) = (o.Id, now.AddDays(-100 + 91));

        var s = await Recorder.Open(app, log, "0101", now.AddDays(-90));
        await s.Send("risk-factors", new { factor = MentalIllness, happenedAt = now.AddDays(-89) });
        var blind = await s.Barrier(MentalIllness, "individual", "adult.mental-illness.individual.3", now.AddDays(-88));
        await s.Send("mentors", new { mentorId = Mentor, happenedAt = now.AddDays(-88) });
        log.MentorCases.Add(s.Id);
        var tried = await s.Send("interventions", new { catalogueIntervention = DroppedOut, barriers = new[] { blind }, serviceArea = "social", provider = "Værested", happenedAt = now.AddDays(-60) });
        log.DroppedOutAt = now.AddDays(-30);
        await s.Send("interventions/drop-out", new { interventionId = tried, reason = "Flyttede", happenedAt = log.DroppedOutAt });
        log.GuidanceCase = s.Id;

        var e = await Recorder.Open(app, log, "0101", now.AddDays(-80));
        await e.Send("risk-factors", new { factor = EconomicProblems });
        await e.Barrier(EconomicProblems, "individual", "adult.economic-problems.individual.2", null);
        log.EconomicCase = e.Id;

        var y = await Recorder.Open(app, log, "0101", now.AddDays(-70), "youth");
        await y.Send("risk-factors", new { factor = YouthHousing });
        await y.Barrier(YouthHousing, "institutional", "youth.housing-problems.institutional.1", null);
        log.YouthHousingCase = y.Id;
        return log;
    }

    /// <summary>Fails if a page's content names a case of the log, whole or by the short id the case page shows.</summary>
    public void AssertNoCaseIdIn(string content)
    {
        foreach (var caseId in Cases)
        {
            Assert.DoesNotContain(caseId.ToString(), content);
            Assert.DoesNotContain(caseId.ToString()[..8], content);
        }
    }

    private static Dictionary<string, decimal> Scores(params decimal[] values) =>
        Dimensions.Zip(values).ToDictionary(x => x.First, x => x.Second);

    /// <summary>One case, recorded at the version the last answer gave (nothing else writes to it meanwhile).</summary>
    private sealed class Recorder(WebAppFixture app, WebScenario log, string municipality, Guid id)
    {
        private long _version = 1;
        public Guid Id => id;

        public static async Task<Recorder> Open(WebAppFixture app, WebScenario log, string municipality, DateTimeOffset openedAt, string group = "adult")
        {
            var answer = await app.Command(municipality, "/api/cases",
                new { citizenReference = CaseScenarios.Reference(), targetGroup = group, services = new[] { "employment" }, happenedAt = openedAt });
            var id = answer.GetProperty("caseId").GetGuid();
            log.Cases.Add(id);
            return new Recorder(app, log, municipality, id);
        }

        public async Task<Guid?> Send(string path, object body)
        {
            var command = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
            command["expectedVersion"] = _version;
            var answer = await app.Command(municipality, $"/api/cases/{id}/{path}", command);
            _version = answer.GetProperty("version").GetInt64();
            return answer.TryGetProperty("id", out var part) && part.ValueKind == JsonValueKind.String ? part.GetGuid() : null;
        }

        public async Task<Guid> Barrier(string factor, string level, string catalogueBarrier, DateTimeOffset? at, bool open = true, bool addressed = false)
        {
            var barrier = await Send("barriers", new { factor, level, catalogueBarrier, serviceArea = "health", happenedAt = at });
            log.Barriers.Add(new RecordedBarrier(id, municipality, factor, level, open, addressed));
            return barrier!.Value;
        }
    }
}
