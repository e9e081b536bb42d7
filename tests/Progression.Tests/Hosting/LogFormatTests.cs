using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Progression.Api.Hosting;

namespace Progression.Tests.Hosting;

public class LogFormatTests
{
    [Fact]
    public void A_log_line_is_json_with_the_requests_correlation_ids_and_without_its_path()
    {
        var scopes = new LoggerExternalScopeProvider();
        // What ASP.NET Core's request scope and the Activity scope hold while a request runs.
        using var request = scopes.Push(new Dictionary<string, object?>
        {
            ["RequestId"] = "0HN:00000001", ["RequestPath"] = "/api/citizens/ref-abcdef/identity",
        });
        using var activity = scopes.Push(new Dictionary<string, object?> { ["TraceId"] = "4bf92f3577b34da6a3ce929d0e0e4736", ["SpanId"] = "00f067aa0ba902b7" });
        var writer = new StringWriter();

        new CorrelatedJsonFormatter().Write(
            new LogEntry<FormattedState>(LogLevel.Warning, "Progression.Api.Cases", new EventId(7), new FormattedState("kind", "Timeout"), null,
                (state, _) => $"Sweep failed ({state.Value})"),
            scopes, writer);

        var line = JsonDocument.Parse(writer.ToString()).RootElement;
        Assert.Equal("Sweep failed (Timeout)", line.GetProperty("message").GetString());
        Assert.Equal("Warning", line.GetProperty("level").GetString());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", line.GetProperty("TraceId").GetString());
        Assert.Equal("00f067aa0ba902b7", line.GetProperty("SpanId").GetString());
        Assert.Equal("0HN:00000001", line.GetProperty("RequestId").GetString());
        Assert.Equal("Timeout", line.GetProperty("values").GetProperty("kind").GetString());
        Assert.DoesNotContain("ref-abcdef", writer.ToString());
    }

    /// <summary>Structured state as a logging source generator would pass it: its values and the message's template.</summary>
    private sealed record FormattedState(string Key, string Value) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private KeyValuePair<string, object?>[] Pairs => [new(Key, Value), new("{OriginalFormat}", "Sweep failed ({" + Key + "})")];
        public KeyValuePair<string, object?> this[int index] => Pairs[index];
        public int Count => 2;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Pairs).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
