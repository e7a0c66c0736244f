using System.Globalization;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

internal sealed partial class ModelBuilder
{
    private static readonly TimeSpan EndOfDay = TimeSpan.FromHours(24);

    /// <summary><c>time: { days: mon-fri, from: "08:00", to: "18:00", zone: Europe/London }</c>; every key optional.</summary>
    private TimeWindowModel? BuildTimeWindow(TimeWindowConfig config, string route)
    {
        var context = $"the time window of {route}";
        var before = diagnostics.Count;
        var days = config.Days.IsDefault ? DayMask.All : Days(config, context);
        var from = config.From is { } f ? Clock(f, "from", context, allowEndOfDay: false) : TimeSpan.Zero;
        var to = config.To is { } t ? Clock(t, "to", context, allowEndOfDay: true) : EndOfDay;
        var zone = config.Zone is { } z ? Zone(z, context) : TimeZoneInfo.Utc;
        if (from is not null && to is not null && from == to)
        {
            diagnostics.Add((ConfigNode?)config.To ?? config.From!,
                $"{context} starts and ends at {config.From?.Value ?? "00:00"}, so it is empty; for the whole day leave out 'from' and 'to'");
        }

        if (diagnostics.Count > before || days is null || from is null || to is null || zone is null)
        {
            return null;
        }

        return new TimeWindowModel { Days = days.Value, From = from.Value, To = to.Value, Zone = zone };
    }

    /// <summary>A list of days and ranges: <c>[mon, wed]</c>, <c>mon-fri</c>, <c>[mon-fri, sun]</c>, <c>"sat,sun"</c>; a range may wrap (<c>fri-mon</c>).</summary>
    private DayMask? Days(TimeWindowConfig config, string context)
    {
        var days = DayMask.None;
        var ok = true;
        foreach (var item in config.Days)
        {
            foreach (var part in item.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var dash = part.IndexOf('-', StringComparison.Ordinal);
                var first = Day(dash < 0 ? part : part[..dash]);
                var last = dash < 0 ? first : Day(part[(dash + 1)..]);
                if (first is null || last is null)
                {
                    var wrong = first is null ? (dash < 0 ? part : part[..dash]) : part[(dash + 1)..];
                    values.Bad(item, "day", context,
                        $"'{wrong}' is not a day; use mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri{KeySuggester.Hint(wrong.ToLowerInvariant(), DayMasks.Names)}");
                    ok = false;
                    continue;
                }

                for (var d = (int)first.Value; ; d = (d + 1) % 7)
                {
                    days |= DayMasks.Of((DayOfWeek)d);
                    if (d == (int)last.Value)
                    {
                        break;
                    }
                }
            }
        }

        if (ok && days == DayMask.None)
        {
            diagnostics.Add(config.Position, $"'days' of {context} lists no day");
            return null;
        }

        return ok ? days : null;
    }

    private static DayOfWeek? Day(string text)
    {
        var index = Array.IndexOf(DayMasks.Names, text.Trim().ToLowerInvariant());
        return index < 0 ? null : (DayOfWeek)index;
    }

    /// <summary>"HH:MM" on a 24-hour clock; "24:00" only as the end of a window.</summary>
    private TimeSpan? Clock(ConfigScalar value, string noun, string context, bool allowEndOfDay)
    {
        var text = value.Value;
        if (text.Length == 5 && text[2] == ':'
            && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && minutes < 60
            && (hours < 24 || (allowEndOfDay && hours == 24 && minutes == 0)))
        {
            return new TimeSpan(hours, minutes, 0);
        }

        values.Bad(value, noun, context, allowEndOfDay
            ? "expected a time HH:MM on a 24-hour clock, from 00:00 to 24:00, such as \"18:00\""
            : "expected a time HH:MM on a 24-hour clock, from 00:00 to 23:59, such as \"08:00\"");
        return null;
    }

    /// <summary>An IANA time zone id; the rules (daylight saving) come from the system's time zone database.</summary>
    private TimeZoneInfo? Zone(ConfigScalar value, string context)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(value.Value, out var zone))
        {
            return zone;
        }

        // Only on error: listing every zone reads the whole database.
        var hint = KeySuggester.Hint(value.Value, TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id));
        values.Bad(value, "time zone", context, $"expected an IANA time zone id such as Europe/London or America/New_York{hint}");
        return null;
    }
}
