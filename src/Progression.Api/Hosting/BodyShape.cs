using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Progression.Api.Hosting;

/// <summary>
/// Checks a JSON body against the shape of the command it must become, before anything deserialises it, and says
/// what is wrong in the API's own words: each field by its JSON path (<c>local.cells[0].level</c>) with a reason, all
/// faults at once. The serializer's own messages name .NET types and stop at the first fault.
/// Leaves are judged by the serializer itself (one value at a time), so the check never disagrees with it.
/// </summary>
public sealed class BodyShape(JsonSerializerOptions options)
{
    public const string Root = "body";
    private const string Nul = "\0";

    public Dictionary<string, string[]> Check(JsonElement body, Type type)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
            errors[Root] = ["must be a JSON object (the command's fields)"];
        else
            Walk(body, type, nullable: false, path: "", errors);
        if (errors.Count == 0 && Unreadable(body, type) is { } path) errors[path] = ["has the wrong form"];
        return errors;
    }

    /// <summary>A fault the walk does not model still must not reach the endpoint: the path the serializer names.</summary>
    private string? Unreadable(JsonElement body, Type type)
    {
        try
        {
            body.Deserialize(type, options);
            return null;
        }
        catch (JsonException ex)
        {
            return ex.Path is { Length: > 2 } path && path.StartsWith("$.") ? path[2..] : Root;
        }
    }

    private void Walk(JsonElement value, Type type, bool nullable, string path, Dictionary<string, string[]> errors)
    {
        var field = path.Length == 0 ? Root : path;
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!nullable && Nullable.GetUnderlyingType(type) is null) errors[field] = ["must not be null"];
            return;
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        var info = options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when value.ValueKind != JsonValueKind.Object:
                errors[field] = ["must be an object"];
                break;
            case JsonTypeInfoKind.Object:
                WalkObject(value, info, path, errors);
                break;
            case JsonTypeInfoKind.Enumerable when value.ValueKind != JsonValueKind.Array:
                errors[field] = ["must be a list"];
                break;
            case JsonTypeInfoKind.Enumerable:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    Walk(item, info.ElementType!, nullable: false, $"{path}[{index++}]", errors);
                break;
            case JsonTypeInfoKind.Dictionary when value.ValueKind != JsonValueKind.Object:
                errors[field] = ["must be an object"];
                break;
            case JsonTypeInfoKind.Dictionary:
                foreach (var entry in value.EnumerateObject())
                {
                    var key = Join(path, entry.Name);
                    if (entry.Name.Contains(Nul)) errors[key] = [NulReason];
                    else Walk(entry.Value, info.ElementType!, nullable: false, key, errors);
                }
                break;
            default:
                if (Leaf(value, type) is { } reason) errors[field] = [reason];
                break;
        }
    }

    private void WalkObject(JsonElement value, JsonTypeInfo info, string path, Dictionary<string, string[]> errors)
    {
        var comparison = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var properties = info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null)
            .ToDictionary(p => p.Name, comparison);
        var seen = new HashSet<string>(comparison);
        foreach (var member in value.EnumerateObject())
        {
            var key = Join(path, member.Name);
            if (!properties.TryGetValue(member.Name, out var property))
            {
                errors[key] = [member.Name.Contains(Nul) ? NulReason : "is not a field of this command"];
                continue;
            }
            seen.Add(property.Name);
            Walk(member.Value, property.PropertyType, property.IsSetNullable, Join(path, property.Name), errors);
        }
        foreach (var missing in properties.Values.Where(p => Required(p) && !seen.Contains(p.Name)))
            errors[Join(path, missing.Name)] = ["is required"];
    }

    private static bool Required(JsonPropertyInfo property) =>
        property.IsRequired || property.AssociatedParameter is { HasDefaultValue: false };

    /// <summary>A single value, judged by the serializer; null when it is acceptable.</summary>
    private string? Leaf(JsonElement value, Type type)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Contains(Nul)) return NulReason;
        try
        {
            value.Deserialize(type, options);
            return null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or OverflowException)
        {
            return Expected(type);
        }
    }

    /// <summary>What a value of this type looks like, said for the client (no .NET type names).</summary>
    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(string) => "must be text",
        _ when type == typeof(Guid) => "must be a UUID (e.g. 0190c3a2-7a4e-7d3a-9c1e-2b5f8d4e6a10)",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) =>
            "must be a date and time with an offset (ISO 8601, e.g. 2026-03-01T12:00:00Z)",
        _ when type == typeof(DateOnly) => "must be a date (e.g. 2026-03-01)",
        _ when type == typeof(bool) => "must be true or false",
        _ when type == typeof(int) || type == typeof(long) => "must be a whole number",
        _ when type == typeof(decimal) || type == typeof(double) => "must be a number",
        { IsEnum: true } => "must be one of: " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName)),
        _ => "has the wrong form",
    };

    public const string NulReason = "contains the NUL character (U+0000), which cannot be stored";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
