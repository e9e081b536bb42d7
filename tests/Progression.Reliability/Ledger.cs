using System.Collections.Concurrent;

namespace Progression.Reliability;

/// <summary>
/// What the clients were told: every command acknowledged (200 with its stream version), every command whose fate is
/// unknown (the connection broke, the node died, a 503), and every answer by status. Each command carries a tag of its
/// own in its note, so the store can be asked afterwards how often each one landed. Acknowledgements and 503s carry
/// who asked (a municipality's coordinator, or the evaluator), so an outage of one database can be told from one of all.
/// </summary>
public sealed class Ledger
{
    private long _next;

    public ConcurrentDictionary<string, (Guid Case, long Version)> Acknowledged { get; } = new();
    public ConcurrentDictionary<string, byte> Uncertain { get; } = new();
    public ConcurrentDictionary<int, long> Statuses { get; } = new();
    public ConcurrentBag<(DateTimeOffset At, string Node, string What)> ServerErrors { get; } = [];
    public ConcurrentBag<(DateTimeOffset At, string Caller)> Acknowledgements { get; } = [];
    public ConcurrentBag<(DateTimeOffset At, double Milliseconds, string Caller)> Unavailable { get; } = [];

    public string NextTag() => $"ledger-{Interlocked.Increment(ref _next):D8}";

    public void Answered(int status) => Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

    public long Count(int status) => Statuses.GetValueOrDefault(status);
}
