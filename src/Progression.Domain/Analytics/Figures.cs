using System.Numerics;
using System.Runtime.InteropServices;
using Progression.Domain.Cases;

namespace Progression.Domain.Analytics;

/// <summary>Rules every analysis shares, kept in one place so all figures are rounded, windowed and timed alike.</summary>
internal static class Figures
{
    /// <summary>
    /// Two decimals, halves away from zero: the rounding a reader checks by hand (the default banker's rounding would
    /// show 1.125 as 1.12).
    /// </summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Inside [from, to], both ends included; a missing bound does not limit.</summary>
    public static bool Within(DateTimeOffset at, DateTimeOffset? from, DateTimeOffset? to) =>
        (from is null || at >= from.Value) && (to is null || at <= to.Value);

    /// <summary>
    /// Running at the moment: started, and not yet ended. An intervention that ended at that very moment no longer
    /// runs, so a barrier it addressed counts as a blind spot from then on.
    /// </summary>
    public static bool IsActiveAt(this CaseIntervention intervention, DateTimeOffset at) =>
        intervention.StartedAt <= at && (intervention.EndedAt is null || intervention.EndedAt.Value > at);
}

/// <summary>Running sums under keys: how every analysis and every pre-aggregate adds up.</summary>
public static class Sums
{
    /// <summary>Adds to the running sum under a key (starting from zero), finding the key once: bulk sums do this millions of times.</summary>
    public static void AddUp<TKey, TValue>(this Dictionary<TKey, TValue> sums, TKey key, TValue value)
        where TKey : notnull where TValue : struct, IAdditionOperators<TValue, TValue, TValue>
    {
        ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
        sum += value;
    }

    /// <summary>Sums kept apart (say, on several databases) added up under their keys.</summary>
    public static Dictionary<TKey, TValue> AddedUp<TKey, TValue>(this IEnumerable<IReadOnlyDictionary<TKey, TValue>> parts)
        where TKey : notnull where TValue : struct, IAdditionOperators<TValue, TValue, TValue>
    {
        var total = new Dictionary<TKey, TValue>();
        foreach (var (key, value) in parts.SelectMany(p => p)) total.AddUp(key, value);
        return total;
    }
}
