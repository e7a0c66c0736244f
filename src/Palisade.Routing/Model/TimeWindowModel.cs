namespace Palisade.Routing.Model;

/// <summary>
/// Days of the week and a time of day, in a time zone. A window whose <see cref="To"/> is not after its
/// <see cref="From"/> wraps past midnight: <c>mon 22:00–06:00</c> covers Monday 22:00 to Tuesday 06:00, so it is the
/// day the window <em>starts</em> that must be listed.
/// </summary>
public sealed record TimeWindowModel
{
    public required DayMask Days { get; init; }

    /// <summary>Start, inclusive.</summary>
    public required TimeSpan From { get; init; }

    /// <summary>End, exclusive; up to 24:00.</summary>
    public required TimeSpan To { get; init; }

    public required TimeZoneInfo Zone { get; init; }

    /// <summary>True when <paramref name="at"/> falls inside the window (converted to <see cref="Zone"/>, daylight saving included).</summary>
    public bool Contains(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        var time = local.TimeOfDay;
        var day = local.DayOfWeek;
        if (From < To)
        {
            return Has(day) && time >= From && time < To;
        }

        // Wraps midnight: the evening part belongs to today's window, the morning part to yesterday's.
        return (Has(day) && time >= From) || (Has(Previous(day)) && time < To);
    }

    /// <summary>The window as written back: "mon-fri 08:00-18:00 Europe/London".</summary>
    public override string ToString() =>
        $"{DayMasks.Format(Days)} {Clock(From)}-{Clock(To)} {Zone.Id}";

    private bool Has(DayOfWeek day) => (Days & DayMasks.Of(day)) != 0;

    private static DayOfWeek Previous(DayOfWeek day) => day == DayOfWeek.Sunday ? DayOfWeek.Saturday : day - 1;

    private static string Clock(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}";
}
