using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Progression.Domain.Cases;

namespace Progression.Api.Transfer;

/// <summary>
/// One line of an export or import file (JSON Lines, schema/import/case-history.v1.json): a case and its whole history,
/// in the order it was recorded.
/// </summary>
public sealed record CaseHistoryLine(Guid CaseId, string Municipality, IReadOnlyList<RecordedEvent> Events)
{
    /// <summary>
    /// The file's JSON: the API's own (so a line is read as strictly as a command body), nulls left out, text written as
    /// it is (a file is no web page: nothing to escape for HTML).
    /// </summary>
    public static JsonSerializerOptions Json(JsonSerializerOptions api) =>
        new(api) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>
/// An event as stored: its contract (<c>type</c>, as in schema/events), its version in the case, when and by whom it
/// was recorded, Marten's metadata, and its fields (<c>data</c>, the contract's JSON).
/// </summary>
public sealed record RecordedEvent(
    string Type,
    long Version,
    DateTimeOffset RecordedAt,
    JsonElement Data,
    string? RecordedBy = null,
    Guid? Id = null,
    string? CorrelationId = null,
    string? CausationId = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>The case events by their contract names: the file's <c>type</c>, Marten's stored type with '-' for '_'.</summary>
public static class EventContracts
{
    public static readonly IReadOnlyDictionary<string, Type> ByName = typeof(ICaseEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICaseEvent).IsAssignableFrom(t))
        .ToDictionary(NameOf);

    public static string NameOf(Type type) => JsonNamingPolicy.KebabCaseLower.ConvertName(type.Name);

    /// <summary>Marten's stored type (<c>case_opened</c>) as the contract's name (<c>case-opened</c>).</summary>
    public static string FromStored(string storedType) => storedType.Replace('_', '-');
}
