using Npgsql;

namespace Progression.Api.ReadModels;

public static class SqlParameters
{
    /// <summary>Adds a positional parameter and answers its placeholder ($1, $2, …).</summary>
    public static string Bind(this NpgsqlParameterCollection parameters, object value)
    {
        parameters.Add(new NpgsqlParameter { Value = value });
        return $"${parameters.Count}";
    }
}
