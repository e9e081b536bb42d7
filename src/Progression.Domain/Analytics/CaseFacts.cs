using System.Text.Json.Serialization;
using Progression.Domain.Cases;

namespace Progression.Domain.Analytics;

/// <summary>
/// What evaluation reads about one case: the case as it stands plus every progression measurement in the order they
/// happened (the case view keeps only the latest). Kept by an async projection; dashboards aggregate these documents,
/// never the raw events.
/// </summary>
public sealed record CaseFacts
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public Case Case { get; init; } = new();
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    /// <summary>
    /// The value the dashboards' sums last counted for this case, carried through a projection batch so the batch's
    /// change to them can be worked out; never stored. <see cref="NotCounted"/>: the case was not counted yet.
    /// </summary>
    [JsonIgnore]
    public CaseFacts? Counted { get; set; }

    public static readonly CaseFacts NotCounted = new();

    public static CaseFacts Open(Guid id, CaseOpened e) => new() { Id = id, Case = Case.Open(id, e) };

    public CaseFacts Evolve(object e) => this with
    {
        Case = Case.Evolve(e),
        Measurements = e is ProgressionMeasured m
            ? [.. Measurements.Append(new Measurement(m.Instrument, m.InstrumentVersion, m.HappenedAt, m.Scores)).OrderBy(x => x.At)]
            : Measurements,
    };
}

public sealed record Measurement(string Instrument, int InstrumentVersion, DateTimeOffset At, IReadOnlyDictionary<string, decimal> Scores);
