using Marten;
using NpgsqlTypes;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.ReadModels;

/// <summary>
/// The slim, indexed list of cases (<c>progression.case_list</c>): what lists filter, order and page on in SQL, and when
/// each case's next follow-up falls due. Written in the same transaction as the case view (a side effect of the inline
/// projection), so a list is as current as the case itself. Everything in it is derived from <see cref="Case"/>.
/// </summary>
public static class CaseList
{
    /// <summary>The list's columns in the order of <see cref="Row"/>, with their types (for COPY).</summary>
    public static readonly (string Name, NpgsqlDbType Type)[] Columns =
    [
        ("tenant_id", NpgsqlDbType.Varchar), ("id", NpgsqlDbType.Uuid), ("target_group", NpgsqlDbType.Varchar),
        ("status", NpgsqlDbType.Varchar), ("opened_at", NpgsqlDbType.TimestampTz), ("closed_at", NpgsqlDbType.TimestampTz),
        ("closed_sort", NpgsqlDbType.TimestampTz), ("risk_factors", NpgsqlDbType.Array | NpgsqlDbType.Text),
        ("barrier_cells", NpgsqlDbType.Array | NpgsqlDbType.Text), ("interventions", NpgsqlDbType.Array | NpgsqlDbType.Text),
        ("mentors", NpgsqlDbType.Array | NpgsqlDbType.Text), ("open_barriers", NpgsqlDbType.Integer), ("blind_spots", NpgsqlDbType.Integer),
        ("active_interventions", NpgsqlDbType.Integer), ("due_follow_ups", NpgsqlDbType.Integer), ("urgency", NpgsqlDbType.Integer),
        ("next_follow_up_at", NpgsqlDbType.TimestampTz), ("latest_measured_at", NpgsqlDbType.TimestampTz),
    ];

    private const string Table = ReadModelSchema.Schema + "." + ReadModelSchema.CaseList;
    private const string Counts = ReadModelSchema.Schema + "." + ReadModelSchema.CaseCounts;

    /// <summary>
    /// The row, and the counts per group and status moved along when the row changes group or status: the old row is
    /// read before the upsert in the same statement (one snapshot), so the count it leaves and the one it joins agree.
    /// </summary>
    private static readonly string Upsert = $"""
        with old as (select target_group, status from {Table} where tenant_id = ^ and id = ^),
        upserted as (insert into {Table} ({string.Join(", ", Columns.Select(c => c.Name))}) values ({string.Join(", ", Columns.Select(_ => "^"))})
            on conflict (tenant_id, id) do update set {string.Join(", ", Columns.Skip(2).Select(c => $"{c.Name} = excluded.{c.Name}"))}),
        left_behind as (update {Counts} c set cases = c.cases - 1 from old
            where c.tenant_id = ^ and c.target_group = old.target_group and c.status = old.status
              and (old.target_group, old.status) is distinct from (^::varchar, ^::varchar))
        insert into {Counts} (tenant_id, target_group, status, cases)
        select ^, ^, ^, 1 where not exists (select 1 from old where (target_group, status) = (^::varchar, ^::varchar))
        on conflict (tenant_id, target_group, status) do update set cases = {Counts}.cases + 1
        """;

    /// <summary>Queues the case's row (insert or replace) into the operations' transaction.</summary>
    public static void Store(IDocumentOperations operations, Case c, CatalogueModel catalogue)
    {
        var row = Row(c, catalogue);
        var (tenant, id, group, status) = (row[0], row[1], row[2], row[3]);
        operations.QueueSqlCommand('^', Upsert, [tenant, id, .. row, tenant, group, status, tenant, group, status, group, status]);
    }

    /// <summary>The row's values in column order. Timestamps go as UTC: PostgreSQL's timestamptz takes no other offset.</summary>
    public static object[] Row(Case c, CatalogueModel catalogue) =>
    [
        c.Municipality, c.Id, c.TargetGroup, c.IsOpen ? "open" : "closed", c.OpenedAt.ToUniversalTime(),
        Utc(c.ClosedAt), c.ClosedAt?.ToUniversalTime() ?? DateTimeOffset.MinValue,
        c.RiskFactors.Where(f => f.ClearedAt is null).Select(f => f.Factor).ToArray(),
        c.Barriers.Select(b => Cell(b.Factor, b.Level)).Distinct().ToArray(),
        c.Interventions.Select(InterventionNames.Key).Distinct().ToArray(),
        c.Mentors.ToArray(),
        c.Barriers.Count(b => b.IsOpen), c.BlindSpots.Count(), c.Interventions.Count(i => i.Status == InterventionStatus.Active),
        c.DueFollowUps.Count, -c.DueFollowUps.Count,
        Utc(FollowUpRules.Next(c, instrument => IntervalDays(catalogue, instrument))),
        Utc(c.LatestMeasurements.Select(m => (DateTimeOffset?)m.MeasuredAt).Max()),
    ];

    /// <summary>A barrier cell as the list stores it: "factor|level".</summary>
    public static string Cell(string factor, string level) => $"{factor}|{level}";

    /// <summary>How long after a measurement the next falls due; an instrument the catalogue no longer knows: a quarter.</summary>
    public static int IntervalDays(CatalogueModel catalogue, string instrument) =>
        catalogue.FindInstrument(instrument)?.FollowUpIntervalDays ?? 91;

    private static object Utc(DateTimeOffset? at) => at?.ToUniversalTime() ?? (object)DBNull.Value;
}
