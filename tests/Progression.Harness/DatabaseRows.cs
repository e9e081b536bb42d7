using Npgsql;
using Progression.Api.ReadModels;

namespace Progression.Harness;

/// <summary>Rows of a database as text, to compare one state of it with another.</summary>
public static class DatabaseRows
{
    /// <summary>The rows a query answers, each as its columns' text joined by '|' (null as '∅').</summary>
    public static async Task<List<string>> RowsAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Text(reader.GetValue(i)))));
        return rows;
    }

    private static string Text(object value) => value switch
    {
        DateTime at => at.ToString("O"),
        Array items => string.Join(',', items.Cast<object>()),
        _ => value.ToString()!,
    };

    /// <summary>
    /// Every read model's rows in a fixed order, and the evaluation projection's mark against the last event. Rows whose
    /// sums are all zero are left out: sums kept by differences keep a row a case was taken off; a rebuild never writes it.
    /// Numbers without trailing zeros: a sum of differences may carry a scale the sum from scratch does not.
    /// </summary>
    public static async Task<Dictionary<string, List<string>>> ReadModelsAsync(string connectionString)
    {
        var queries = new Dictionary<string, string>
        {
            ["case views"] = "select tenant_id, id, data::text from progression.mt_doc_case order by tenant_id, id",
            ["evaluation documents"] = "select tenant_id, id, data::text from progression.mt_doc_casefacts order by tenant_id, id",
            ["case list"] = "select * from progression.case_list order by tenant_id, id",
            ["case counts"] = "select * from progression.case_counts where cases <> 0 order by 1, 2, 3",
            ["projection mark"] = "select (select max(seq_id) from progression.mt_events) - last_seq_id from progression.mt_event_progression "
                                  + "where name = 'CaseFacts:All'",
        };
        foreach (var table in ReadModelSchema.SumTables)
        {
            var columns = table.Keys.Concat(table.Sums).Select(c => c.Type == "numeric" ? $"trim_scale({c.Column})" : c.Column).ToList();
            queries[table.Name] = $"select {string.Join(", ", columns)} from {table.QualifiedName} "
                                  + $"where not ({string.Join(" and ", table.Sums.Select(s => $"{s.Column} = 0"))}) "
                                  + $"order by {string.Join(", ", columns.Select((_, i) => i + 1))}";
        }
        var rows = new Dictionary<string, List<string>>();
        foreach (var (model, sql) in queries) rows[model] = await RowsAsync(connectionString, sql);
        return rows;
    }
}
