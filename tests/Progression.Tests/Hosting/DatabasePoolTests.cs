using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Harness;
using Progression.Tests.Cases;
using Progression.Tests.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

/// <summary>
/// The pool with explicit placement, 0101 on database a (on the test server) and 0751 on database b, which is on a
/// PostgreSQL server of its own that the tests stop and start.
/// </summary>
public sealed class TwoServerPoolFixture : PoolFixture
{
    public const string OnA = "0101", OnB = "0751", Unplaced = "0461";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"progression-pool-{Guid.NewGuid():N}");

    public LocalPostgres ServerB { get; private set; } = null!;

    protected override string Placement => "explicit";

    protected override async Task<IReadOnlyDictionary<string, string>> CreatePoolAsync(PostgresServer server)
    {
        ServerB = await LocalPostgres.StartAsync(_folder, "progression", throwaway: true);
        // Connection attempts to a stopped server fail at once; a short timeout bounds a hanging one.
        return new Dictionary<string, string>
        {
            ["a"] = await server.CreateDatabaseAsync("pool_a"), ["b"] = ServerB.ConnectionString("progression") + ";Timeout=3",
        };
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await store.Advanced.AddTenantToShardAsync(OnA, "a", default);
        await store.Advanced.AddTenantToShardAsync(OnB, "b", default);
    }

    protected override async Task DropPoolAsync(PostgresServer server)
    {
        await server.DropDatabaseAsync(Pool["a"]);
        await ServerB.StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

public class DatabasePoolTests(TwoServerPoolFixture pool) : IClassFixture<TwoServerPoolFixture>
{
    private const string OnA = TwoServerPoolFixture.OnA, OnB = TwoServerPoolFixture.OnB;
    private const string Matrix = """{ matrix(group: "adult") { factor level identified } }""";
    private static readonly string Evaluator = TestTokens.For(Roles.Evaluator, OnA, OnB);
    private IAlbaHost Host => pool.Host;

    [Fact]
    public async Task Each_municipalitys_events_and_list_rows_are_on_the_database_it_was_placed_on_and_nowhere_else()
    {
        var (onA, onB) = (await Host.OpenedCase(municipality: OnA), await Host.OpenedCase(municipality: OnB));

        foreach (var (database, mine, other) in new[] { (pool.Pool["a"], onA, onB), (pool.Pool["b"], onB, onA) })
            foreach (var table in new[] { "mt_events", "mt_streams", "case_list", "mt_doc_case" })
            {
                var column = table == "mt_events" ? "stream_id" : "id";
                Assert.Equal(1L, await Scalar(database, $"select count(*) from progression.{table} where {column} = $1", mine));
                Assert.Equal(0L, await Scalar(database, $"select count(*) from progression.{table} where {column} = $1", other));
            }
        Assert.Equal(1L, await Scalar(pool.Control, "select count(*) from progression_pool.mt_tenant_assignments where tenant_id = $1 and database_id = 'b'", OnB));
        // Each case reads back through the service from its own database.
        Assert.Equal(200, (await Host.Get($"/api/cases/{onB}", OnB)).Status);
        Assert.Equal(404, (await Host.Get($"/api/cases/{onB}", OnA)).Status);
    }

    [Fact]
    public async Task A_municipality_no_operator_placed_is_refused_with_503_naming_it_and_nothing_is_written()
    {
        var answer = await Host.Post("/api/cases", new { citizenReference = CaseScenarios.Reference(), targetGroup = "adult" },
            TwoServerPoolFixture.Unplaced);

        Assert.Equal(503, answer.Status);
        Assert.Equal("Municipality not placed", answer.Body.GetProperty("title").GetString());
        Assert.Contains($"databases place {TwoServerPoolFixture.Unplaced}", answer.Body.GetProperty("detail").GetString());
        Assert.Equal(0L, await Scalar(pool.Control, "select count(*) from progression_pool.mt_tenant_assignments where tenant_id = $1",
            TwoServerPoolFixture.Unplaced));
    }

    [Fact]
    public async Task A_database_added_to_the_pool_while_the_service_runs_takes_a_new_municipality_with_no_restart()
    {
        const string Aalborg = "0851";
        var shared = await PostgresServer.Instance;
        var added = await shared.CreateDatabaseAsync("pool_c");
        try
        {
            var add = await ServiceProcess.RunAsync(["databases", "add", "c", added], pool.Settings);
            Assert.True(add.ExitCode == 0, add.Output);
            var moved = await ServiceProcess.RunAsync(["databases", "place", OnA, "c"], pool.Settings);
            Assert.NotEqual(0, moved.ExitCode); // a municipality with data moves by export and import, not by placement
            Assert.Contains("export", moved.Output);
            var place = await ServiceProcess.RunAsync(["databases", "place", Aalborg, "c"], pool.Settings);
            Assert.True(place.ExitCode == 0, place.Output);

            // The running service writes Aalborg's case to c, and c's projection (assigned by Wolverine) counts it.
            var caseId = await Host.OpenedCase(municipality: Aalborg);
            Assert.Equal(1L, await Scalar(added, "select count(*) from progression.mt_events where stream_id = $1", caseId));
            Assert.Equal(0L, await Scalar(pool.Pool["a"], "select count(*) from progression.mt_streams where id = $1", caseId));
            var list = await ServiceProcess.RunAsync(["databases", "list"], pool.Settings);
            Assert.Contains("c: 1 tenants", list.Output);
            for (var waited = 0; waited < 600; waited++)
            {
                var cases = (await Host.Graph("{ cases(where: { targetGroup: \"adult\" }) { totalCount } }", TestTokens.Coordinator(Aalborg), municipality: Aalborg))
                    .Data("cases").GetProperty("totalCount").GetInt32();
                var freshness = (await Host.Graph("{ freshness { behind } }", TestTokens.Coordinator(Aalborg), municipality: Aalborg))
                    .Data("freshness").GetProperty("behind").GetInt64();
                if (cases == 1 && freshness == 0) return;
                await Task.Delay(100);
            }
            Assert.Fail("the new database's projection did not catch up within 60 s");
        }
        finally
        {
            await shared.DropDatabaseAsync(added);
        }
    }

    [Fact]
    public async Task An_evaluator_keeps_programmes_in_a_pool_where_only_municipalities_are_placed_by_hand()
    {
        var programme = new
        {
            programme = new
            {
                name = "Pool check", targetGroup = "adult", riskFactors = new[] { "adult.crime" },
                cells = new[] { new { factor = "adult.crime", level = "individual" } },
            },
        };
        var saved = await Host.Send("POST", "/api/programmes", programme, municipality: null, token: Evaluator);
        Assert.True(saved.Status == 200, saved.Body.ToString());
        var list = await Host.Send("GET", "/api/programmes", null, municipality: null, token: Evaluator);
        Assert.Equal(["Pool check"], list.Body.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Figures_over_both_databases_add_up_the_sums_before_small_counts_are_hidden()
    {
        // Three cases with one barrier in one cell on each database: 3 and 3 are hidden alone, 6 is shown.
        var cell = await BarrierCasesAsync(("adult.mental-illness", "individual"), 3);
        var both = Cell((await Host.Graph(Matrix, Evaluator)).Data("matrix"), cell);
        var alone = await Task.WhenAll(new[] { OnA, OnB }.Select(async m =>
            Cell((await Host.Graph($$"""{ matrix(group: "adult", municipality: "{{m}}") { factor level identified } }""", Evaluator)).Data("matrix"), cell)));

        Assert.Equal(6, both);
        Assert.All(alone, count => Assert.Null(count));
        // A coordinator of each municipality sees their own three.
        foreach (var m in new[] { OnA, OnB })
            Assert.Equal(3, Cell((await Host.Graph(Matrix, TestTokens.Coordinator(m), municipality: m)).Data("matrix"), cell));
    }

    [Fact]
    public async Task An_evaluators_case_list_pages_through_both_databases_in_one_order()
    {
        // Opened a year ago, a day apart, alternating between the databases: no other test opens cases then.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-365), TimeSpan.Zero);
        var opened = new[] { OnA, OnB, OnB, OnA, OnB }.Select((m, i) => $"{m} {start.AddDays(i):O}").ToList();
        foreach (var (m, i) in new[] { OnA, OnB, OnB, OnA, OnB }.Select((m, i) => (m, i)))
            await Host.OpenedCase("youth", start.AddDays(i), m);
        const string Page = """
            query($after: String, $to: DateTimeOffset) { cases(first: 2, after: $after, where: { openedTo: $to }) {
              totalCount pageInfo { hasNextPage endCursor } nodes { municipality openedAt } } }
            """;

        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 5; page++)
        {
            var cases = (await Host.Graph(Page, Evaluator, new { after, to = start.AddDays(30) })).Data("cases");
            Assert.Equal(5, cases.GetProperty("totalCount").GetInt32());
            seen.AddRange(cases.GetProperty("nodes").EnumerateArray()
                .Select(n => $"{n.GetProperty("municipality").GetString()} {n.GetProperty("openedAt").GetDateTimeOffset().ToUniversalTime():O}"));
            if (!cases.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()) break;
            after = cases.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }

        Assert.Equal(opened, seen);
    }

    [Fact]
    public async Task With_one_database_down_the_other_keeps_working_and_figures_name_what_they_leave_out()
    {
        var cell = await BarrierCasesAsync(("adult.crime", "individual"), 5);
        var whole = Cell((await Host.Graph(Matrix, Evaluator)).Data("matrix"), cell);

        await pool.ServerB.StopAsync();
        try
        {
            // Municipalities on a: commands and reads as ever.
            var caseOnA = await Host.OpenedCase(municipality: OnA);
            Assert.Equal(200, (await Host.Get($"/api/cases/{caseOnA}", OnA)).Status);
            // Municipalities on b: 503, nothing pretended.
            Assert.Equal(503, (await Host.Post("/api/cases", new { citizenReference = CaseScenarios.Reference(), targetGroup = "adult" }, OnB)).Status);

            var partial = await Host.Graph(Matrix, Evaluator);
            var error = Assert.Single(partial.Body.GetProperty("errors").EnumerateArray());
            Assert.Equal("MUNICIPALITIES_MISSING", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal([OnB], error.GetProperty("extensions").GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
            var counted = Cell(partial.Body.GetProperty("data").GetProperty("matrix"), cell);
            Assert.Equal(5, counted); // a's five only, and said so

            // Freshness, read over every database, names the database it could not read.
            var freshness = await Host.Graph("{ freshness { behind } }", Evaluator);
            var silent = Assert.Single(freshness.Body.GetProperty("errors").EnumerateArray()).GetProperty("extensions");
            Assert.Equal("DATABASES_MISSING", silent.GetProperty("code").GetString());
            Assert.Equal(["b"], silent.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));

            // The node stays ready for a's municipalities; the database check names b.
            var ready = await Host.Scenario(s => { s.Get.Url("/health/ready"); s.StatusCodeShouldBeOk(); });
            var database = JsonDocument.Parse(await ready.ReadAsTextAsync()).RootElement.GetProperty("checks").GetProperty("database");
            Assert.Equal("Degraded", database.GetProperty("status").GetString());
            Assert.NotEqual("answered", database.GetProperty("data").GetProperty("b").GetString());
        }
        finally
        {
            await pool.ServerB.StartServerAsync();
        }

        // Back without a restart: whole figures and no error.
        NpgsqlConnection.ClearAllPools();
        Assert.Equal(whole, Cell((await Host.Graph(Matrix, Evaluator)).Data("matrix"), cell));
        await Host.OpenedCase(municipality: OnB);
    }

    /// <summary>
    /// <paramref name="each"/> new cases on each database, each with a barrier in <paramref name="cell"/> (every test its
    /// own cell): the cell, once the projections on both databases have counted them.
    /// </summary>
    private async Task<(string Factor, string Level)> BarrierCasesAsync((string Factor, string Level) cell, int each)
    {
        foreach (var m in new[] { OnA, OnB })
            for (var i = 0; i < each; i++)
            {
                var id = await Host.OpenedCase(municipality: m);
                await Host.Record(id, "risk-factors", new { factor = cell.Factor }, m);
                await Host.Record(id, "barriers", new { factor = cell.Factor, level = cell.Level, description = "a barrier", serviceArea = "health" }, m);
            }
        for (var waited = 0; waited < 300; waited++)
        {
            var counted = await Task.WhenAll(new[] { OnA, OnB }.Select(async m =>
                Cell((await Host.Graph(Matrix, TestTokens.Coordinator(m), municipality: m)).Data("matrix"), cell)));
            if (counted.All(c => c == each)) return cell;
            await Task.Delay(100);
        }
        throw new TimeoutException("the projections on the two databases did not count the new cases within 30 s");
    }

    private static int? Cell(JsonElement matrix, (string Factor, string Level) cell) => matrix.EnumerateArray()
        .Single(c => c.GetProperty("factor").GetString() == cell.Factor && c.GetProperty("level").GetString() == cell.Level)
        .GetProperty("identified") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;

    private static async Task<object?> Scalar(string connectionString, string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        return await command.ExecuteScalarAsync();
    }
}
