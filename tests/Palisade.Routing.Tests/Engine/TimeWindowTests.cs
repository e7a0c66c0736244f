using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Engine;

public sealed class TimeWindowTests
{
    private static TimeWindowModel Window(DayMask days, int fromHour, int toHour, string zone = "UTC") => new()
    {
        Days = days,
        From = TimeSpan.FromHours(fromHour),
        To = TimeSpan.FromHours(toHour),
        Zone = TimeZoneInfo.FindSystemTimeZoneById(zone),
    };

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2025, 6, day, hour, minute, 0, TimeSpan.Zero);

    private const DayMask Weekdays = DayMask.Monday | DayMask.Tuesday | DayMask.Wednesday | DayMask.Thursday | DayMask.Friday;

    [Fact]
    public void Start_is_inside_and_end_is_outside()
    {
        var office = Window(Weekdays, 8, 18);

        // 2 June 2025 is a Monday, 7 June a Saturday.
        Assert.False(office.Contains(Utc(2, 7, 59)));
        Assert.True(office.Contains(Utc(2, 8)));
        Assert.True(office.Contains(Utc(2, 17, 59)));
        Assert.False(office.Contains(Utc(2, 18)));
        Assert.False(office.Contains(Utc(7, 10)));
    }

    [Fact]
    public void A_window_wrapping_midnight_belongs_to_the_day_it_starts()
    {
        var fridayNight = Window(DayMask.Friday, 22, 6);

        Assert.True(fridayNight.Contains(Utc(6, 23)));      // Friday 23:00
        Assert.True(fridayNight.Contains(Utc(7, 5, 59)));   // Saturday 05:59
        Assert.False(fridayNight.Contains(Utc(7, 6)));      // Saturday 06:00
        Assert.False(fridayNight.Contains(Utc(7, 23)));     // Saturday night is not listed
        Assert.False(fridayNight.Contains(Utc(6, 5)));      // Friday morning belongs to Thursday
    }

    [Fact]
    public void The_zone_and_its_daylight_saving_decide()
    {
        var london = Window(Weekdays, 8, 18, "Europe/London");

        // Summer: BST is UTC+1.
        Assert.True(london.Contains(Utc(2, 7, 30)));
        Assert.False(london.Contains(Utc(2, 17, 30)));
        // Winter: GMT is UTC.
        Assert.False(london.Contains(new DateTimeOffset(2025, 1, 6, 7, 30, 0, TimeSpan.Zero)));
        Assert.True(london.Contains(new DateTimeOffset(2025, 1, 6, 17, 30, 0, TimeSpan.Zero)));
        // The offset of the instant given does not matter, only the instant.
        Assert.True(london.Contains(new DateTimeOffset(2025, 6, 2, 3, 30, 0, TimeSpan.FromHours(-4))));
    }

    [Fact]
    public void A_day_boundary_in_the_zone_differs_from_utc()
    {
        // Monday 23:30 UTC is Tuesday 08:30 in Tokyo.
        var tokyoTuesday = Window(DayMask.Tuesday, 8, 9, "Asia/Tokyo");

        Assert.True(tokyoTuesday.Contains(Utc(2, 23, 30)));
        Assert.False(tokyoTuesday.Contains(Utc(3, 23, 30)));
    }

    [Fact]
    public void Day_masks_are_written_back_compactly()
    {
        Assert.Equal("mon-fri", DayMasks.Format(Weekdays));
        Assert.Equal("sat,sun", DayMasks.Format(DayMask.Saturday | DayMask.Sunday));
        Assert.Equal("mon,wed", DayMasks.Format(DayMask.Monday | DayMask.Wednesday));
        Assert.Equal("every day", DayMasks.Format(DayMask.All));
        Assert.Equal("mon-fri 08:00-18:00 Europe/London", Window(Weekdays, 8, 18, "Europe/London").ToString());
    }
}
