using System.Text;

namespace Palisade.Routing.Model;

/// <summary>Conversions between <see cref="DayOfWeek"/>, <see cref="DayMask"/> and the three-letter names used in the config.</summary>
public static class DayMasks
{
    /// <summary>Index = <see cref="DayOfWeek"/>.</summary>
    internal static readonly string[] Names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static DayMask Of(DayOfWeek day) => (DayMask)(1 << (int)day);

    /// <summary>"mon-fri", "sat,sun", "every day": runs of three or more days are written as a range, Monday first.</summary>
    public static string Format(DayMask days)
    {
        if (days == DayMask.All)
        {
            return "every day";
        }

        if (days == DayMask.None)
        {
            return "no day";
        }

        var text = new StringBuilder();
        // Monday-first week, the way people write opening hours.
        var order = new[] { 1, 2, 3, 4, 5, 6, 0 };
        var i = 0;
        while (i < order.Length)
        {
            if (!Has(days, order[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end + 1 < order.Length && Has(days, order[end + 1]))
            {
                end++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(Names[order[i]]);
            if (end - i >= 2)
            {
                text.Append('-').Append(Names[order[end]]);
            }
            else if (end > i)
            {
                text.Append(',').Append(Names[order[end]]);
            }

            i = end + 1;
        }

        return text.ToString();
    }

    private static bool Has(DayMask days, int day) => ((int)days & (1 << day)) != 0;
}
