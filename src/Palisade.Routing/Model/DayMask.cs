namespace Palisade.Routing.Model;

/// <summary>A set of days of the week (bit = 1 &lt;&lt; <see cref="DayOfWeek"/>).</summary>
[Flags]
#pragma warning disable CA1711 // "Mask" is what it is; "Days" alone would clash with the property names using it.
public enum DayMask
#pragma warning restore CA1711
{
    None = 0,
    Sunday = 1 << DayOfWeek.Sunday,
    Monday = 1 << DayOfWeek.Monday,
    Tuesday = 1 << DayOfWeek.Tuesday,
    Wednesday = 1 << DayOfWeek.Wednesday,
    Thursday = 1 << DayOfWeek.Thursday,
    Friday = 1 << DayOfWeek.Friday,
    Saturday = 1 << DayOfWeek.Saturday,
    All = Sunday | Monday | Tuesday | Wednesday | Thursday | Friday | Saturday,
}
