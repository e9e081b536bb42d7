using System.Text.Json;
using System.Text.Json.Serialization;
using Progression.Api.Cases;
using Progression.Tests.Cases.Specifications;

namespace Progression.Tests.Seeding;

/// <summary>
/// The JSON and the moment the generated histories are sent and checked with; the command that records each event, and
/// its validation, are the service's own (<see cref="EventCommands"/>).
/// </summary>
public static class GeneratedCommands
{
    /// <summary>The API's JSON (camelCase, kebab-case enums): as the service writes it, and for commands without empty fields.</summary>
    public static readonly JsonSerializerOptions ViewJson = ApiJson(JsonIgnoreCondition.Never);
    public static readonly JsonSerializerOptions Json = ApiJson(JsonIgnoreCondition.WhenWritingNull);

    private static JsonSerializerOptions ApiJson(JsonIgnoreCondition ignore)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = ignore };
        options.UseProgressionJson();
        return options;
    }

    /// <summary>A fixed moment in the past, so the histories (and any failure) are the same on every run.</summary>
    public static readonly DateTimeOffset Now = CaseSpecification.Now;
}
