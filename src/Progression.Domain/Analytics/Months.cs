namespace Progression.Domain.Analytics;

/// <summary>
/// Calendar months (UTC) as numbers (year × 12 + month − 1): the grain of every pre-aggregated figure. Dashboards ask
/// for whole months, so a period's bounds are widened to the months they fall in.
/// </summary>
public static class Months
{
    public static int Of(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return utc.Year * 12 + utc.Month - 1;
    }

    public static DateTimeOffset Start(int month) => new(new DateTime(month / 12, month % 12 + 1, 1, 0, 0, 0, DateTimeKind.Utc));

    /// <summary>The month's last instant (its last tick); the last instant there is for the calendar's last month.</summary>
    public static DateTimeOffset End(int month) => month >= Of(DateTimeOffset.MaxValue) ? DateTimeOffset.MaxValue : Start(month + 1).AddTicks(-1);

    /// <summary>A period as whole months: from the start of <paramref name="from"/>'s month to the end of <paramref name="to"/>'s.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Widen(DateTimeOffset? from, DateTimeOffset? to) =>
        (from is { } f ? Start(Of(f)) : null, to is { } t ? End(Of(t)) : null);
}
