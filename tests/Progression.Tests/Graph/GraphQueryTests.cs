using System.Text;
using System.Text.Json;
using Alba;
using Progression.Api.Access;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;
using static Progression.Tests.Graph.GraphScenario;

namespace Progression.Tests.Graph;

/// <summary>
/// The GraphQL read side against a caseload recorded through the command API (<see cref="GraphScenario"/>): every
/// expected figure is worked out here, from the fixture's log of what it sent, with plain LINQ.
/// </summary>
public class GraphQueryTests(GraphScenario scenario) : IClassFixture<GraphScenario>
{
    private const string Copenhagen = "0101", Frederiksberg = "0147", Aarhus = "0751";
    private static readonly string Coordinator = TestTokens.Coordinator(Copenhagen);
    private static readonly string MentorAToken = TestTokens.ForUser(Roles.Mentor, MentorA, Copenhagen);
    private static readonly string Evaluator = TestTokens.For(Roles.Evaluator, Copenhagen, Frederiksberg, Aarhus);

    private IAlbaHost Host => scenario.Host;
    private IReadOnlyList<SeededCase> Log => scenario.Log;
    private IEnumerable<SeededCase> In(string municipality) => Log.Where(c => c.Municipality == municipality);

    // ---------------------------------------------------------------------------------------------------------------
    // cases: filters and paging

    [Fact]
    public async Task Cases_counts_what_the_log_says_for_each_filter_and_for_filters_combined()
    {
        var mine = In(Copenhagen).ToList();
        var factor = MostCommon(mine.SelectMany(c => c.RegisteredFactors.Distinct()));
        var cell = MostCommon(mine.SelectMany(c => c.Barriers.Select(b => (b.Factor, b.Level)).Distinct()));
        var intervention = MostCommon(mine.SelectMany(c => c.Interventions.Select(i => i.Key).Where(k => !k.StartsWith("local:")).Distinct()));
        var byOpening = mine.OrderBy(c => c.OpenedAt).ToList();
        // Bounds on the openings of real cases: both ends are included.
        var (from, to) = (byOpening[3].OpenedAt, byOpening[11].OpenedAt);
        // A combination taken from one case's own traits matches at least that case.
        var probe = mine.First(c => c.Barriers.Select(b => b.Factor).Distinct().Count() >= 2);
        var probeFactor = probe.RegisteredFactors.First();
        var probeCell = probe.Barriers.Where(b => b.Factor != probeFactor).Select(b => (b.Factor, b.Level)).First();
        var probeStatus = probe.IsOpen ? "open" : "closed";
        // The latest-opened case of mentor B: the combination below matches at least it.
        var mentorBs = mine.Where(c => c.Mentors.Contains(MentorB)).MaxBy(c => c.OpenedAt)!;

        bool OpenedWithin(SeededCase c) => c.OpenedAt >= from && c.OpenedAt <= to;
        bool HasCell(SeededCase c, (string Factor, string Level) wanted) => c.Barriers.Any(b => (b.Factor, b.Level) == wanted);

        var filters = new (string Name, object Where, Func<SeededCase, bool> Expected, bool Single)[]
        {
            ("targetGroup", new { targetGroup = "youth" }, c => c.Group == "youth", true),
            ("status", new { status = "closed" }, c => !c.IsOpen, true),
            ("riskFactor", new { riskFactor = factor }, c => c.RegisteredFactors.Contains(factor), true),
            ("barrierCell", new { barrierCell = new { factor = cell.Factor, level = cell.Level } }, c => HasCell(c, cell), true),
            ("intervention", new { intervention }, c => c.Interventions.Any(i => i.Key == intervention), true),
            ("local intervention", new { intervention = "local:" + LocalIntervention }, c => c.Interventions.Any(i => i.Key == "local:" + LocalIntervention), true),
            ("mentor", new { mentor = MentorA }, c => c.Mentors.Contains(MentorA), true),
            ("openedFrom and openedTo", new { openedFrom = from, openedTo = to }, OpenedWithin, true),
            ("targetGroup and status", new { targetGroup = "adult", status = "open" }, c => c.Group == "adult" && c.IsOpen, false),
            ("mentor, targetGroup and openedFrom", new { mentor = MentorB, targetGroup = mentorBs.Group, openedFrom = mentorBs.OpenedAt },
                c => c.Mentors.Contains(MentorB) && c.Group == mentorBs.Group && c.OpenedAt >= mentorBs.OpenedAt, false),
            ("riskFactor, barrierCell, status and openedTo",
                new { riskFactor = probeFactor, barrierCell = new { factor = probeCell.Factor, level = probeCell.Level }, status = probeStatus, openedTo = probe.OpenedAt },
                c => c.RegisteredFactors.Contains(probeFactor) && HasCell(c, probeCell) && c.IsOpen == probe.IsOpen && c.OpenedAt <= probe.OpenedAt, false),
        };

        var wrong = new List<string>();
        foreach (var (name, where, expected, single) in filters)
        {
            var want = mine.Count(expected);
            // A filter that matches all or nothing would prove little.
            Assert.True(want > 0 && (!single || want < mine.Count), $"{name}: the scenario gives {want} of {mine.Count} cases; choose another");
            var got = (await Query("query($where: CaseFilter) { cases(where: $where) { totalCount } }", Coordinator, new { where }))
                .Data("cases").GetProperty("totalCount").GetInt32();
            if (got != want) wrong.Add($"{name}: expected {want}, got {got}");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private const string PagedCases = """
        query($first: Int, $after: String, $last: Int, $before: String) {
          cases(order: [{ openedAt: ASC }], first: $first, after: $after, last: $last, before: $before) {
            totalCount
            edges { cursor node { id } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    [Fact]
    public async Task Paging_forward_and_backward_visits_every_case_once_in_opening_order_with_ties_broken_by_id()
    {
        // Ties by the id as text: the order PostgreSQL gives uuids.
        var expected = In(Copenhagen).OrderBy(c => c.OpenedAt).ThenBy(c => c.Id.ToString(), StringComparer.Ordinal).Select(c => c.Id.ToString()).ToList();
        Assert.True(In(Copenhagen).GroupBy(c => c.OpenedAt).Any(g => g.Count() > 1), "the scenario should hold two cases opened at the same moment");

        var forward = new List<string>();
        string? after = null;
        for (var pages = 1; ; pages++)
        {
            var page = (await Query(PagedCases, Coordinator, new { first = 7, after })).Data("cases");
            Assert.Equal(expected.Count, page.GetProperty("totalCount").GetInt32());
            var ids = Ids(page);
            Assert.InRange(ids.Count, 1, 7);
            forward.AddRange(ids);
            var info = page.GetProperty("pageInfo");
            Assert.Equal(after is not null, info.GetProperty("hasPreviousPage").GetBoolean());
            if (!info.GetProperty("hasNextPage").GetBoolean()) break;
            Assert.True(pages < 10, "paging forward does not end");
            after = info.GetProperty("endCursor").GetString();
        }
        Assert.Equal(expected, forward);

        var backward = new List<string>();
        string? before = null;
        for (var pages = 1; ; pages++)
        {
            var page = (await Query(PagedCases, Coordinator, new { last = 7, before })).Data("cases");
            var ids = Ids(page);
            Assert.InRange(ids.Count, 1, 7);
            backward.AddRange(Enumerable.Reverse(ids));
            var info = page.GetProperty("pageInfo");
            Assert.Equal(before is not null, info.GetProperty("hasNextPage").GetBoolean());
            if (!info.GetProperty("hasPreviousPage").GetBoolean()) break;
            Assert.True(pages < 10, "paging backward does not end");
            before = info.GetProperty("startCursor").GetString();
        }
        Assert.Equal(Enumerable.Reverse(expected), backward);
    }

    [Fact]
    public async Task A_page_over_100_and_first_with_last_are_refused()
    {
        foreach (var (variables, message) in new (object, string)[]
                 {
                     (new { first = 101 }, "at most 100"),
                     (new { last = 101 }, "at most 100"),
                     (new { first = 5, last = 5 }, "not both"),
                 })
        {
            var answer = await Query(PagedCases, Coordinator, variables);
            Assert.Contains(answer.Errors(), e => e.Contains(message));
            Assert.False(HasData(answer, "cases"));
        }
        // The largest page is allowed.
        Assert.Equal(In(Copenhagen).Count(), Ids((await Query(PagedCases, Coordinator, new { first = 100 })).Data("cases")).Count);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Aggregates (the CaseFacts async projection, waited for by the fixture)

    private const string MatrixQuery = """
        query($from: DateTimeOffset, $to: DateTimeOffset) {
          matrix(group: "adult", from: $from, to: $to) { factor level identified open resolved addressed blindSpots }
        }
        """;

    [Fact]
    public async Task Matrix_counts_every_cell_as_the_log_has_it_now()
    {
        var expected = ExpectedMatrix(In(Copenhagen), "adult", since: null, until: null);
        Assert.Contains(expected.Values, c => c.Open > 0);
        Assert.Contains(expected.Values, c => c.Resolved > 0);
        Assert.Contains(expected.Values, c => c.Addressed > 0);
        Assert.Contains(expected.Values, c => c.BlindSpots > 0);

        var actual = Cells((await Query(MatrixQuery, Coordinator, new { })).Data("matrix"));
        AssertSame(expected, actual);
    }

    [Fact]
    public async Task Matrix_of_a_period_counts_the_barriers_identified_in_it_in_their_state_at_its_end()
    {
        var (from, to) = (scenario.Now.AddDays(-300), scenario.Now.AddDays(-60));
        // A period is whole months (UTC): from the first instant of from's month to the last of to's.
        var (firstDay, dayAfter) = (new DateTimeOffset(from.Year, from.Month, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(to.Year, to.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1));
        var expected = ExpectedMatrix(In(Copenhagen), "adult", since: firstDay, until: dayAfter.AddTicks(-1));
        var all = ExpectedMatrix(In(Copenhagen), "adult", since: null, until: null);
        Assert.InRange(expected.Values.Sum(c => c.Identified!.Value), 1, all.Values.Sum(c => c.Identified!.Value) - 1);

        var actual = Cells((await Query(MatrixQuery, Coordinator, new { from, to })).Data("matrix"));
        AssertSame(expected.ToDictionary(c => c.Key, c => c.Value.Identified), actual.ToDictionary(c => c.Key, c => c.Value.Identified));
        AssertSame(expected, actual);
    }

    [Fact]
    public async Task Intervention_outcomes_count_participants_completions_drop_outs_and_outcomes_as_the_log_has_them()
    {
        var participations = (from c in In(Copenhagen)
                              where c.Group == "adult"
                              from i in c.Interventions
                              select (Case: c, Intervention: i)).ToList();
        bool OutcomeWithin(SeededCase c, SeededIntervention i, int months) =>
            c.Outcomes.Any(o => o.ReachedAt >= i.StartedAt && o.ReachedAt <= i.StartedAt.AddMonths(months));
        var expected = participations.GroupBy(p => p.Intervention.Key).ToDictionary(g => g.Key, g => (int?[])
        [
            g.Count(),
            g.Count(p => p.Intervention.Status == "completed"),
            g.Count(p => p.Intervention.Status == "dropped-out"),
            g.Count(p => OutcomeWithin(p.Case, p.Intervention, 6)),
            g.Count(p => OutcomeWithin(p.Case, p.Intervention, 12)),
        ]);
        Assert.Contains("local:" + LocalIntervention, expected.Keys);
        Assert.Contains(expected.Values, v => v[1] > 0);
        Assert.Contains(expected.Values, v => v[2] > 0);
        Assert.Contains(expected.Values, v => v[4] > 0);
        Assert.Contains(expected.Values, v => v[4] < v[0]);

        var rows = (await Query("""
            { interventionOutcomes(group: "adult") { intervention participants completed droppedOut outcomeWithin6Months outcomeWithin12Months } }
            """, Coordinator)).Data("interventionOutcomes");
        var actual = rows.EnumerateArray().ToDictionary(r => r.GetProperty("intervention").GetString()!, r => (int?[])
        [
            Int(r, "participants"), Int(r, "completed"), Int(r, "droppedOut"), Int(r, "outcomeWithin6Months"), Int(r, "outcomeWithin12Months"),
        ]);
        AssertSame(expected.ToDictionary(e => e.Key, e => string.Join(", ", e.Value)), actual.ToDictionary(a => a.Key, a => string.Join(", ", a.Value)));
    }

    [Fact]
    public async Task Progression_by_calendar_quarter_has_the_count_and_mean_of_each_quarter()
    {
        const string dimension = "education";
        var expected = (from c in In(Copenhagen)
                        where c.Group == "youth"
                        from m in c.Measurements
                        where m.Instrument == YouthInstrument
                        group m.Scores[dimension] by $"{m.At.UtcDateTime.Year:D4}-Q{(m.At.UtcDateTime.Month - 1) / 3 + 1}" into quarter
                        select (quarter.Key, $"{quarter.Count()} × {Math.Round(quarter.Average(), 2, MidpointRounding.AwayFromZero)}"))
            .ToDictionary();
        Assert.True(expected.Count >= 2, "the scenario should measure youth in 0101 in more than one quarter");

        var periods = (await Query("""
            { progression(instrument: "ten-life-areas", group: "youth", by: CALENDAR_QUARTER) { instrument periods { period dimension count mean } } }
            """, Coordinator)).Data("progression").GetProperty("periods");
        var actual = periods.EnumerateArray()
            .Where(p => p.GetProperty("dimension").GetString() == dimension)
            .ToDictionary(p => p.GetProperty("period").GetString()!, p => $"{Int(p, "count")} × {p.GetProperty("mean").GetDecimal()}");
        AssertSame(expected, actual);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), periods.EnumerateArray()
            .Where(p => p.GetProperty("dimension").GetString() == dimension).Select(p => p.GetProperty("period").GetString()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // One case as it stood

    [Fact]
    public async Task A_case_as_of_a_moment_before_a_later_event_shows_the_earlier_state()
    {
        var seeded = In(Copenhagen).First(c => c.Factors.Count >= 2);
        const string query = "query($id: ID!, $asOf: DateTimeOffset) { case(id: $id, asOf: $asOf) { id version riskFactors barriers { catalogueBarrier } } }";

        // asOf is a recording time (the event's timestamp), so the log's RecordedBy (taken after the first factor was
        // stored, before the next command was sent) lies between the two; this assumes the database's clock is ours.
        var then = (await Query(query, Coordinator, new { id = seeded.Id, asOf = seeded.Factors[0].RecordedBy })).Data("case");
        Assert.Equal(seeded.Id.ToString(), then.GetProperty("id").GetString());
        Assert.Equal(new[] { seeded.Factors[0].Factor }, Strings(then.GetProperty("riskFactors")));
        Assert.Equal(2, then.GetProperty("version").GetInt64());
        Assert.Equal(0, then.GetProperty("barriers").GetArrayLength());

        var now = (await Query(query, Coordinator, new { id = seeded.Id, asOf = (DateTimeOffset?)null })).Data("case");
        Assert.Equal(seeded.RegisteredFactors.Order(), Strings(now.GetProperty("riskFactors")).Order());
        Assert.Equal(seeded.Barriers.Select(b => b.CatalogueBarrier).Order(),
            now.GetProperty("barriers").EnumerateArray().Select(b => b.GetProperty("catalogueBarrier").GetString()!).Order());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Who sees what

    [Fact]
    public async Task A_mentor_sees_exactly_the_cases_of_their_municipality_assigned_to_them()
    {
        var expected = In(Copenhagen).Where(c => c.Mentors.Contains(MentorA)).Select(c => c.Id.ToString()).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Contains(Log, c => c.Municipality != Copenhagen && c.Mentors.Contains(MentorA));

        var cases = (await Query("{ cases(first: 100) { totalCount nodes { id mentors } } }", MentorAToken)).Data("cases");
        Assert.Equal(expected, cases.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order());
        Assert.Equal(expected.Count, cases.GetProperty("totalCount").GetInt32());
        Assert.All(cases.GetProperty("nodes").EnumerateArray(), n => Assert.Contains(MentorA, Strings(n.GetProperty("mentors"))));
    }

    /// <summary>Every field of a case an evaluator may select, a default page (10) at a time: within the complexity budget.</summary>
    private const string EvaluatorDetails = """
        query($after: String) {
          cases(first: 10, after: $after) {
            pageInfo { hasNextPage endCursor }
            edges {
              cursor
              node {
                id municipality targetGroup status openedAt closedAt version riskFactors dueFollowUps blindSpots
                barriers { factor level catalogueBarrier open addressed identifiedAt resolvedAt }
                interventions { intervention name status startedAt endedAt }
                outcomes { kind status reachedAt retainedAtMonths lostAt }
                latestScores { instrument dimension score measuredAt }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task An_evaluator_sees_every_case_of_their_municipalities_under_pseudonyms_and_nothing_that_identifies_it()
    {
        var overview = await Query("{ cases(first: 100) { totalCount edges { cursor node { id municipality } } } }", Evaluator);
        var cases = overview.Data("cases");
        var nodes = cases.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        Assert.Equal(Log.Count, cases.GetProperty("totalCount").GetInt32());
        Assert.Equal(Log.Count, nodes.Count);
        Assert.All(nodes, n => Assert.StartsWith("p-", n.GetProperty("id").GetString()));
        Assert.Equal(Log.Count, nodes.Select(n => n.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(
            MunicipalityIds.Select(m => $"{m}: {In(m).Count()}"),
            MunicipalityIds.Select(m => $"{m}: {nodes.Count(n => n.GetProperty("municipality").GetString() == m)}"));

        // Every case once more with all its details, as raw response bodies and (decoded) cursors.
        var texts = new List<string> { overview.Body.GetRawText() };
        var detailed = new List<JsonElement>();
        string? after = null;
        for (var pages = 1; ; pages++)
        {
            var answer = await Query(EvaluatorDetails, Evaluator, new { after });
            var page = answer.Data("cases");
            texts.Add(answer.Body.GetRawText());
            detailed.AddRange(page.GetProperty("edges").EnumerateArray());
            if (!page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()) break;
            Assert.True(pages < Log.Count, "paging does not end");
            after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }
        Assert.Equal(nodes.Select(n => n.GetProperty("id").GetString()).Order(),
            detailed.Select(e => e.GetProperty("node").GetProperty("id").GetString()).Order());
        // Cursors are sealed; their bytes, read every way a curious reader might, hold no id either.
        texts.AddRange(cases.GetProperty("edges").EnumerateArray().Concat(detailed).Select(e => e.GetProperty("cursor").GetString()!)
            .SelectMany(cursor => new[] { cursor, Encoding.UTF8.GetString(Base64Url(cursor)), Convert.ToHexString(Base64Url(cursor)) }));

        var identifying = Log.SelectMany(c => new[] { c.Id.ToString("D"), c.Id.ToString("N"), c.CitizenReference }).ToList();
        Assert.DoesNotContain(identifying, id => texts.Any(text => text.Contains(id, StringComparison.OrdinalIgnoreCase)));
        // The search would have found them: a coordinator's answer holds the case ids.
        var staff = (await Query("{ cases(first: 100) { nodes { id } } }", Coordinator)).Body.GetRawText();
        Assert.All(In(Copenhagen), c => Assert.Contains(c.Id.ToString("D"), staff, StringComparison.OrdinalIgnoreCase));
    }

    private static byte[] Base64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight((text.Length + 3) / 4 * 4, '='));

    [Fact]
    public async Task An_evaluator_asking_for_mentors_or_for_one_case_is_refused_whole_before_anything_runs()
    {
        foreach (var query in new[]
                 {
                     "{ cases { totalCount nodes { id mentors } } }",
                     $$"""{ case(id: "{{Log[0].Id}}") { id } }""",
                 })
        {
            var answer = await Query(query, Evaluator);
            Assert.Equal(400, answer.Status);
            Assert.Contains(answer.Errors(), e => e.Contains("not available to your role"));
            Assert.False(answer.Body.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null, $"data came back: {answer.Body}");
        }
    }

    [Fact]
    public async Task An_evaluators_matrix_hides_counts_from_1_to_4_and_shows_every_other_count_it_shows_truthfully()
    {
        var expected = ExpectedMatrix(Log, "adult", since: null, until: null);
        var actual = Cells((await Query(MatrixQuery, Evaluator, new { })).Data("matrix"));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.Contains(expected.Values, c => c.Identified >= 5);

        var wrong = new List<string>();
        var nulls = 0;
        foreach (var (measure, value) in Measures)
            foreach (var (cell, counts) in expected)
            {
                var (want, got) = (value(counts)!.Value, value(actual[cell]));
                if (want is >= 1 and <= 4 && got is not null) wrong.Add($"{measure} {cell}: {want} shown");
                if (got is not null && got != want) wrong.Add($"{measure} {cell}: expected {want}, got {got}");
                if (got is null) nulls++;
            }
        Assert.True(nulls > 0, "nothing was suppressed: the scenario should have small cells");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task An_evaluators_matrix_never_leaves_a_lone_suppressed_cell_in_a_factor_row()
    {
        var expected = ExpectedMatrix(Log, "adult", since: null, until: null);
        var actual = Cells((await Query(MatrixQuery, Evaluator, new { })).Data("matrix"));
        Assert.Contains(actual.Values, c => Measures.Any(m => m.Value(c) is null));

        var lone = new List<string>();
        foreach (var (measure, value) in Measures)
            foreach (var row in actual.GroupBy(c => c.Key.Factor))
                if (row.Count(c => value(c.Value) is null) == 1)
                    lone.Add($"{measure} of {row.Key}: shown {string.Join(", ", row.Select(c => value(c.Value)?.ToString() ?? "null"))}; " +
                             $"true {string.Join(", ", row.Select(c => value(expected[c.Key])))}");
        Assert.True(lone.Count == 0, string.Join(Environment.NewLine, lone));
    }

    [Fact]
    public async Task A_coordinator_of_another_municipality_sees_none_of_0101s_cases()
    {
        var cases = (await Query("{ cases(first: 100) { totalCount nodes { id municipality } } }", TestTokens.Coordinator(Frederiksberg))).Data("cases");
        Assert.Equal(In(Frederiksberg).Select(c => c.Id.ToString()).Order(),
            cases.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order());

        var other = await Query("query($id: ID!) { case(id: $id) { id } }", TestTokens.Coordinator(Frederiksberg), new { id = In(Copenhagen).First().Id });
        Assert.Equal(JsonValueKind.Null, other.Data("case").ValueKind);
    }

    [Fact]
    public async Task The_caseload_of_mentor_a_lists_only_open_cases_assigned_to_mentor_a()
    {
        var expected = In(Copenhagen).Where(c => c.IsOpen && c.Mentors.Contains(MentorA)).Select(c => c.Id.ToString()).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Contains(In(Copenhagen), c => !c.IsOpen && c.Mentors.Contains(MentorA));

        foreach (var (query, token) in new[] { ("{ caseload { caseId mentors } }", MentorAToken), ("""{ caseload(mentor: "mentor-a") { caseId mentors } }""", Coordinator) })
        {
            var caseload = (await Query(query, token)).Data("caseload");
            Assert.Equal(expected, caseload.EnumerateArray().Select(e => e.GetProperty("caseId").GetString()!).Order());
            Assert.All(caseload.EnumerateArray(), e => Assert.Contains(MentorA, Strings(e.GetProperty("mentors"))));
        }
    }

    [Fact]
    public async Task A_mentor_asking_for_another_mentors_caseload_is_refused()
    {
        var answer = await Query("""{ caseload(mentor: "mentor-b") { caseId } }""", MentorAToken);
        Assert.Contains(answer.Errors(), e => e.Contains("only their own caseload"));
        Assert.False(HasData(answer, "caseload"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Freshness

    [Fact]
    public async Task Once_the_projection_has_caught_up_freshness_says_nothing_is_behind()
    {
        var freshness = (await Query("{ freshness { highWaterMark projectedThrough behind } }", Coordinator)).Data("freshness");
        Assert.True(freshness.GetProperty("highWaterMark").GetInt64() > Log.Count, $"{freshness}");
        Assert.Equal(0, freshness.GetProperty("behind").GetInt64());
        Assert.Equal(freshness.GetProperty("highWaterMark").GetInt64(), freshness.GetProperty("projectedThrough").GetInt64());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Expected figures from the log

    /// <summary>One heatmap cell's five counts; null where the service suppressed one.</summary>
    private sealed record Counts(int? Identified, int? Open, int? Resolved, int? Addressed, int? BlindSpots);

    private static readonly (string Name, Func<Counts, int?> Value)[] Measures =
    [
        ("identified", c => c.Identified), ("open", c => c.Open), ("resolved", c => c.Resolved),
        ("addressed", c => c.Addressed), ("blindSpots", c => c.BlindSpots),
    ];

    /// <summary>
    /// Barriers identified in [since, until] in cases of the group, in their state at <paramref name="until"/> (now
    /// without it): resolved by then, or open; an open one is addressed when an intervention naming it had started and not ended.
    /// Every factor of the group × every level, zeros included.
    /// </summary>
    private Dictionary<(string Factor, string Level), Counts> ExpectedMatrix(IEnumerable<SeededCase> cases, string group,
        DateTimeOffset? since, DateTimeOffset? until)
    {
        var at = until ?? DateTimeOffset.UtcNow;
        var barriers = (from c in cases
                        where c.Group == @group
                        from b in c.Barriers
                        where (since is null || b.IdentifiedAt >= since) && (until is null || b.IdentifiedAt <= until)
                        let resolved = b.ResolvedAt <= at
                        let addressed = !resolved && c.Interventions.Any(i => i.Barriers.Contains(b.Id) && i.StartedAt <= at && !(i.EndedAt <= at))
                        select (b.Factor, b.Level, Resolved: resolved, Addressed: addressed)).ToList();
        var catalogueGroup = scenario.Catalogue.FindGroup(group)!;
        return (from factor in catalogueGroup.RiskFactors
                from level in scenario.Catalogue.Levels
                let here = barriers.Where(b => b.Factor == factor.Id && b.Level == level.Id).ToList()
                let open = here.Count(b => !b.Resolved)
                let addressed = here.Count(b => b.Addressed)
                select (Key: (factor.Id, level.Id), Counts: new Counts(here.Count, open, here.Count - open, addressed, open - addressed)))
            .ToDictionary(x => x.Key, x => x.Counts);
    }

    private static Dictionary<(string Factor, string Level), Counts> Cells(JsonElement matrix) =>
        matrix.EnumerateArray().ToDictionary(
            c => (c.GetProperty("factor").GetString()!, c.GetProperty("level").GetString()!),
            c => new Counts(Int(c, "identified"), Int(c, "open"), Int(c, "resolved"), Int(c, "addressed"), Int(c, "blindSpots")));

    private static T MostCommon<T>(IEnumerable<T> values) =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key!.ToString(), StringComparer.Ordinal).First().Key;

    // ---------------------------------------------------------------------------------------------------------------
    // Reading answers

    private Task<Answer> Query(string query, string token, object? variables = null) => Host.Graph(query, token, variables);

    private static List<string> Ids(JsonElement connection) =>
        connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()!).ToList();

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static int? Int(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: not JsonValueKind.Null } value ? value.GetInt32() : null;

    private static bool HasData(Answer answer, string field) =>
        answer.Body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Both maps hold the same keys with the same values; a failure lists every difference.</summary>
    private static void AssertSame<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> expected, IReadOnlyDictionary<TKey, TValue> actual)
        where TKey : notnull
    {
        var differences = expected.Keys.Union(actual.Keys)
            .Where(k => !expected.TryGetValue(k, out var want) || !actual.TryGetValue(k, out var got) || !Equals(want, got))
            .Select(k => $"{k}: expected {(expected.TryGetValue(k, out var want) ? want : "nothing")}, got {(actual.TryGetValue(k, out var got) ? got : "nothing")}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }
}
