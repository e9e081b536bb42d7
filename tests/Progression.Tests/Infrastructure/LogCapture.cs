using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Progression.Tests.Infrastructure;

/// <summary>Every log entry the service writes, as it would reach a log store: level, category, text and exception.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Text, Exception? Exception)
{
    /// <summary>The entry as a log line would print it, stack trace included.</summary>
    public string Printed => $"{Level} {Category}: {Text}{(Exception is null ? "" : Environment.NewLine + Exception)}";
}

public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Debug and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
