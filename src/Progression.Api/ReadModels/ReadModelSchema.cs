using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Progression.Api.ReadModels;

/// <summary>
/// The flat tables the read side queries in SQL, created and migrated by Marten with the rest of the schema (at start-up
/// in development, by <c>db-apply</c> in production): the case list, and the dashboards' pre-aggregated sums (see
/// <see cref="Progression.Domain.Analytics.CaseContribution"/>). Every one is keyed by the municipality first.
/// </summary>
public static class ReadModelSchema
{
    public const string Schema = "progression";
    public const string CaseList = "case_list";
    public const string CaseCounts = "case_counts";

    /// <summary>One aggregate table: its key columns and its summed columns, each with its PostgreSQL type.</summary>
    public sealed record SumTable(string Name, (string Column, string Type)[] Keys, (string Column, string Type)[] Sums)
    {
        public string QualifiedName => $"{Schema}.{Name}";
    }

    private static readonly (string, string) Tenant = ("tenant_id", "varchar"), Group = ("target_group", "varchar"),
        Factor = ("factor", "varchar"), Level = ("level", "varchar"), Intervention = ("intervention", "varchar");

    public static readonly SumTable HeatmapBarriers = new("heatmap_barriers",
        [Tenant, Group, Factor, Level, ("cohort", "integer")],
        [("identified", "integer"), ("resolved", "integer"), ("addressed", "integer"), ("blind", "integer")]);

    public static readonly SumTable HeatmapBarrierChanges = new("heatmap_barrier_changes",
        [Tenant, Group, Factor, Level, ("cohort", "integer"), ("month", "integer")],
        [("identified", "integer"), ("resolved", "integer"), ("addressed", "integer"), ("blind", "integer")]);

    public static readonly SumTable HeatmapUses = new("heatmap_uses",
        [Tenant, Group, Factor, Level, Intervention],
        [("cases", "integer")]);

    public static readonly SumTable HeatmapUseChanges = new("heatmap_use_changes",
        [Tenant, Group, Factor, Level, Intervention, ("month", "integer")],
        [("cases", "integer")]);

    public static readonly SumTable BlindSpotCases = new("blind_spot_cases",
        [Tenant, Group, Factor, Level],
        [("cases", "integer")]);

    public static readonly SumTable OutcomeSums = new("outcome_totals",
        [Tenant, Group, Intervention, ("start_month", "integer")],
        [("participants", "integer"), ("completed", "integer"), ("dropped_out", "integer"), ("within6", "integer"),
         ("within12", "integer"), ("retained6", "integer"), ("with_change", "integer"), ("change_sum", "numeric")]);

    public static readonly SumTable ProgressionScores = new("progression_scores",
        [Tenant, Group, ("instrument", "varchar"), ("period_by", "integer"), ("cohort", "varchar"), ("period", "integer"),
         ("dimension", "varchar"), ("score", "numeric")],
        [("scores", "integer")]);

    public static readonly SumTable ProgressionChanges = new("progression_changes",
        [Tenant, Group, ("instrument", "varchar"), ("cohort", "varchar"), ("dimension", "varchar")],
        [("cases", "integer"), ("first_sum", "numeric"), ("latest_sum", "numeric")]);

    public static readonly SumTable[] SumTables =
        [HeatmapBarriers, HeatmapBarrierChanges, HeatmapUses, HeatmapUseChanges, BlindSpotCases, OutcomeSums, ProgressionScores, ProgressionChanges];

    public static void AddReadModelTables(this StoreOptions opts)
    {
        opts.Storage.ExtendedSchemaObjects.Add(CaseListTable());
        opts.Storage.ExtendedSchemaObjects.Add(CaseCountsTable());
        foreach (var sums in SumTables)
        {
            var table = new Table(Name(sums.Name));
            foreach (var (column, type) in sums.Keys) table.AddColumn(column, type).AsPrimaryKey();
            foreach (var (column, type) in sums.Sums) table.AddColumn(column, type).NotNull().DefaultValueByExpression("0");
            opts.Storage.ExtendedSchemaObjects.Add(table);
        }
    }

    /// <summary>
    /// One row a case, what lists filter, order and page on. Closed cases sort by <c>closed_sort</c> (-infinity while
    /// open, so open cases come first, as before), and every ordering ends with the id, so pages are stable.
    /// </summary>
    private static Table CaseListTable()
    {
        var table = new Table(Name(CaseList));
        table.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        table.AddColumn("id", "uuid").AsPrimaryKey();
        table.AddColumn("target_group", "varchar").NotNull();
        table.AddColumn("status", "varchar").NotNull();
        table.AddColumn("opened_at", "timestamptz").NotNull();
        table.AddColumn("closed_at", "timestamptz");
        table.AddColumn("closed_sort", "timestamptz").NotNull();
        foreach (var list in new[] { "risk_factors", "barrier_cells", "interventions", "mentors" })
            table.AddColumn(list, "text[]").NotNull();
        foreach (var count in new[] { "open_barriers", "blind_spots", "active_interventions", "due_follow_ups" })
            table.AddColumn(count, "integer").NotNull();
        // The caseload's order (most follow-ups due first) as one ascending index: the count negated.
        table.AddColumn("urgency", "integer").NotNull();
        table.AddColumn("next_follow_up_at", "timestamptz");
        table.AddColumn("latest_measured_at", "timestamptz");
        Index(table, "opened", "tenant_id", "opened_at", "id");
        Index(table, "closed", "tenant_id", "closed_sort", "id");
        Index(table, "group_opened", "tenant_id", "target_group", "opened_at", "id");
        Index(table, "caseload", "tenant_id", "status", "urgency", "opened_at", "id");
        foreach (var list in new[] { "risk_factors", "barrier_cells", "interventions", "mentors" })
            table.Indexes.Add(new IndexDefinition($"ix_case_list_{list}") { Columns = [list], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition("ix_case_list_next_follow_up") { Columns = ["next_follow_up_at"], Predicate = "next_follow_up_at is not null" });
        return table;
    }

    private static PostgresqlObjectName Name(string table) => new(Schema, table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

    /// <summary>How many cases each municipality has per group and status: list totals without counting rows.</summary>
    private static Table CaseCountsTable()
    {
        var table = new Table(Name(CaseCounts));
        foreach (var key in new[] { "tenant_id", "target_group", "status" }) table.AddColumn(key, "varchar").AsPrimaryKey();
        table.AddColumn("cases", "integer").NotNull().DefaultValueByExpression("0");
        return table;
    }

    private static void Index(Table table, string name, params string[] columns) =>
        table.Indexes.Add(new IndexDefinition($"ix_case_list_{name}") { Columns = columns });
}
