using Palisade.Routing.Config;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Config;

/// <summary>Route priority, time windows and failover codes; tenant and node call duration limits.</summary>
public sealed class RouteAndTenantConfigTests
{
    private const string OutboundSelect = "    select: least-cost\n";

    private static string Outbound(string lines) => LabFile.With((OutboundSelect, OutboundSelect + lines));

    private static RouteModel LoadOutbound(string lines)
    {
        var result = LabFile.Load(Outbound(lines));
        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        return result.Model!.RoutesById["teams-to-pstn"];
    }

    [Fact]
    public void Lab_routes_get_the_defaults()
    {
        var route = ConfigLoader.LoadFile(LabFile.Path).Model!.RoutesById["teams-to-pstn"];

        Assert.Equal(100, route.Priority);
        Assert.Null(route.Time);
        Assert.Null(route.FailoverCodes);
    }

    [Fact]
    public void Routes_come_out_sorted_by_priority_then_written_order()
    {
        var text = LabFile.With(("    called: '^\\d{4}$'\n", "    called: '^\\d{4}$'\n    priority: 5\n"));
        var model = LabFile.Load(text).Model!;

        Assert.Equal(["teams-to-pbx", "pstn-to-teams", "teams-to-pstn"], model.Routes.Select(r => r.Id));
        Assert.Equal(5, model.RoutesById["teams-to-pbx"].Priority);
    }

    [Fact]
    public void Bad_priority()
    {
        var text = Outbound("    priority: high\n");

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, "priority: high"), "bad priority 'high' in route 'teams-to-pstn': expected a whole number");
    }

    [Fact]
    public void Time_window_is_read()
    {
        var route = LoadOutbound("""    time: { days: mon-fri, from: "08:00", to: "18:00", zone: Europe/London }""" + "\n");

        var window = route.Time!;
        Assert.Equal(DayMask.Monday | DayMask.Tuesday | DayMask.Wednesday | DayMask.Thursday | DayMask.Friday, window.Days);
        Assert.Equal((TimeSpan.FromHours(8), TimeSpan.FromHours(18)), (window.From, window.To));
        Assert.Equal("Europe/London", window.Zone.Id);
    }

    [Theory]
    [InlineData("[sat, sun]", DayMask.Saturday | DayMask.Sunday)]
    [InlineData("'sat,sun'", DayMask.Saturday | DayMask.Sunday)]
    [InlineData("fri-mon", DayMask.Friday | DayMask.Saturday | DayMask.Sunday | DayMask.Monday)]
    [InlineData("[mon-wed, Fri]", DayMask.Monday | DayMask.Tuesday | DayMask.Wednesday | DayMask.Friday)]
    [InlineData("[mon, mon]", DayMask.Monday)]
    public void Day_lists_and_ranges(string days, DayMask expected)
    {
        Assert.Equal(expected, LoadOutbound($"    time: {{ days: {days} }}\n").Time!.Days);
    }

    [Fact]
    public void Time_window_defaults_are_every_day_all_day_utc_and_24_00_ends_a_day()
    {
        var zoneOnly = LoadOutbound("    time: { zone: America/New_York }\n").Time!;
        Assert.Equal(DayMask.All, zoneOnly.Days);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromHours(24)), (zoneOnly.From, zoneOnly.To));

        var evening = LoadOutbound("""    time: { from: "18:00", to: "24:00" }""" + "\n").Time!;
        Assert.Same(TimeZoneInfo.Utc, evening.Zone);
        Assert.True(evening.Contains(new DateTimeOffset(2025, 6, 2, 23, 59, 0, TimeSpan.Zero)));
        Assert.False(evening.Contains(new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("    time: { zone: Europe/Londn }", "bad time zone 'Europe/Londn' in the time window of route 'teams-to-pstn': expected an IANA time zone id such as Europe/London or America/New_York; did you mean 'Europe/London'?")]
    [InlineData("    time: { days: mo-fri }", "bad day 'mo-fri' in the time window of route 'teams-to-pstn': 'mo' is not a day; use mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri; did you mean 'mon'?")]
    [InlineData("    time: { from: \"25:00\" }", "bad from '25:00' in the time window of route 'teams-to-pstn': expected a time HH:MM on a 24-hour clock, from 00:00 to 23:59")]
    [InlineData("    time: { from: \"24:00\" }", "bad from '24:00'")]
    [InlineData("    time: { from: \"8:00\" }", "bad from '8:00'")]
    [InlineData("    time: { to: \"18:60\" }", "bad to '18:60'")]
    [InlineData("    time: { from: \"08:00\", to: \"08:00\" }", "the time window of route 'teams-to-pstn' starts and ends at 08:00, so it is empty")]
    [InlineData("    time: { zones: UTC }", "unknown key 'zones' in the time window of route 'teams-to-pstn'; did you mean 'zone'?")]
    [InlineData("    failover-codes: [486, 200]", "bad failover code '200' in failover-codes of route 'teams-to-pstn': it must be 300 to 699")]
    public void Bad_route_values_are_reported_on_their_line(string line, string message)
    {
        var text = Outbound(line + "\n");

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, line.Trim()), message);
    }

    [Fact]
    public void Route_failover_codes_override()
    {
        Assert.Equal([486, 503], LoadOutbound("    failover-codes: [486, 503]\n").FailoverCodes!.Value.ToArray());
        Assert.Empty(LoadOutbound("    failover-codes: []\n").FailoverCodes!.Value);
    }

    [Fact]
    public void Tenant_and_node_call_duration_limits()
    {
        var text = LabFile.With(
            ("  data: ./data", "  data: ./data\n  max-call-duration: 2h"),
            ("    max-calls: 50\n", "    max-calls: 50\n    max-call-duration: 4h\n"));
        var model = LabFile.Load(text).Model!;

        Assert.Equal(TimeSpan.FromHours(2), model.Node.MaxCallDuration);
        Assert.Equal(TimeSpan.FromHours(4), model.TenantsById["contoso"].MaxCallDuration);
        Assert.Null(model.TenantsById["fabrikam"].MaxCallDuration);
        Assert.Equal(TimeSpan.FromHours(4), model.MaxCallDurationFor(model.TenantsById["contoso"]));
        Assert.Equal(TimeSpan.FromHours(2), model.MaxCallDurationFor(model.TenantsById["fabrikam"]));
        Assert.Equal(TimeSpan.FromHours(2), model.MaxCallDurationFor(null));
        Assert.Null(ConfigLoader.LoadFile(LabFile.Path).Model!.MaxCallDurationFor(null));
    }

    [Fact]
    public void Bad_call_duration()
    {
        var text = LabFile.With(("    max-calls: 50\n", "    max-calls: 50\n    max-call-duration: 4 hours\n"));

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, "4 hours"),
            "bad max-call-duration '4 hours' in tenant 'contoso': expected a number with a unit");

        var tooLong = LabFile.With(("  data: ./data", "  data: ./data\n  max-call-duration: 200h"));
        LabFile.AssertError(LabFile.Load(tooLong), LabFile.LineOf(tooLong, "200h"),
            "bad max-call-duration '200h' in the node section: it must be from 10s to 168h");
    }
}
