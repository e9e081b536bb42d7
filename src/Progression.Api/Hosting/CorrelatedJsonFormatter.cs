using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Progression.Api.Hosting;

/// <summary>
/// The console's log format: one JSON object a line with time, level, category, event id, the message, its
/// structured values and the correlation ids of the request or message being handled (the Activity's TraceId,
/// SpanId and ParentId, ASP.NET Core's RequestId). Scopes are read by name, not all written: ASP.NET Core's request
/// scope also holds the request path, which carries case ids and citizen references.
/// </summary>
public sealed class CorrelatedJsonFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "progression";

    private static readonly string[] Correlation = ["TraceId", "SpanId", "ParentId", "RequestId"];

    // A log line is never HTML: apostrophes and Danish letters stay readable.
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (message is null && entry.Exception is null) return;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Relaxed))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("level", entry.LogLevel.ToString());
            json.WriteString("category", entry.Category);
            json.WriteNumber("eventId", entry.EventId.Id);
            json.WriteString("message", message);
            if (entry.Exception is { } exception) json.WriteString("exception", exception.ToString());
            WriteCorrelation(json, scopeProvider);
            if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 1 } values)
            {
                json.WriteStartObject("values");
                foreach (var (key, value) in values)
                    if (key != "{OriginalFormat}") json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        textWriter.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteCorrelation(Utf8JsonWriter json, IExternalScopeProvider? scopeProvider)
    {
        var found = new string?[Correlation.Length];
        scopeProvider?.ForEachScope((scope, state) =>
        {
            if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs) return;
            foreach (var (key, value) in pairs)
                if (Array.IndexOf(Correlation, key) is var i and >= 0) state[i] ??= value?.ToString();
        }, found);
        for (var i = 0; i < Correlation.Length; i++)
            if (found[i] is { } id) json.WriteString(Correlation[i], id);
    }
}
