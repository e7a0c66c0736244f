using Palisade.Routing.Engine;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Engine;

/// <summary>Which route a call takes: numbers after the in rules, priority, written order, patterns, tenant, time.</summary>
public sealed class RouterRouteTests
{
    private static readonly DateTimeOffset Monday10 = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);

    private static RouteDecision Decide(PalisadeConfigModel config, string from, string calling, string called, DateTimeOffset? at = null) =>
        Router.Decide(config, new RouteQuery(config.Trunk(from), calling, called, at ?? Monday10), FakeState.AllUp);

    [Fact]
    public void In_rules_make_the_numbers_e164_before_routing()
    {
        var world = TestWorld.Standard;

        var d = Decide(world, "carrier-a", "00442079460000", "4255550100");

        Assert.Equal("+442079460000", d.CallingE164);
        Assert.Equal("+14255550100", d.CalledE164);
        Assert.Equal("inbound", d.Route!.Id);
        Assert.Equal("contoso", d.Tenant!.Id);
        Assert.Contains("called number: 4255550100 -> +14255550100 (number-rules in of carrier-a)", d.Explanation);
        Assert.Contains("calling number: 00442079460000 -> +442079460000 (number-rules in of carrier-a)", d.Explanation);
    }

    [Fact]
    public void A_lower_priority_number_is_evaluated_first_and_ties_keep_the_written_order()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - { id: general, from: [teams], to: [carrier-a] }
              - { id: uk-first, from: [teams], called: '^\+44', priority: 10, to: [carrier-b] }
              - { id: general-2, from: [teams], to: [carrier-c] }
              - { id: urgent, from: [teams], called: '^\+1', priority: 10, to: [carrier-c] }
            """);

        Assert.Equal(["uk-first", "urgent", "general", "general-2"], config.Routes.Select(r => r.Id));
        Assert.Equal("uk-first", Decide(config, "teams", "+14255550100", "+442079460000").Route!.Id);
        Assert.Equal("urgent", Decide(config, "teams", "+14255550100", "+12065550123").Route!.Id);
        Assert.Equal("general", Decide(config, "teams", "+14255550100", "+33123456789").Route!.Id);
    }

    [Fact]
    public void Explanation_lists_every_route_considered_and_why_it_did_not_match()
    {
        var d = Decide(TestWorld.Standard, "teams", "+14255550100", "1234");

        Assert.Equal("extensions", d.Route!.Id);
        Assert.Contains("route inbound (priority 100): no, source trunk teams is not in its from [carrier-a, carrier-b, carrier-c]", d.Explanation);
        Assert.Contains(@"route outbound (priority 100): no, called 1234 does not match '^\+(1|44)'", d.Explanation);
        Assert.Contains("route extensions (priority 100): matches", d.Explanation);
    }

    [Fact]
    public void Calling_pattern_selects_a_route()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - { id: vip, from: [teams], calling: '^\+1425555010\d$', to: [carrier-b] }
              - { id: rest, from: [teams], to: [carrier-a] }
            """);

        Assert.Equal("vip", Decide(config, "teams", "+14255550100", "+33123456789").Route!.Id);
        var other = Decide(config, "teams", "+14255550250", "+33123456789");
        Assert.Equal("rest", other.Route!.Id);
        Assert.Contains(@"route vip (priority 100): no, calling +14255550250 does not match '^\+1425555010\d$'", other.Explanation);
    }

    [Fact]
    public void A_route_for_a_tenant_needs_a_known_tenant()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - { id: contoso-only, from: [carrier-b], tenant: contoso, to: [carrier-a] }
            """);

        Assert.Equal("contoso-only", Decide(config, "carrier-b", "+12065550123", "+14255550100").Route!.Id);

        var fabrikam = Decide(config, "carrier-b", "+12065550123", "+442071230100");
        Assert.Equal(404, fabrikam.RejectStatus);
        Assert.Contains("route contoso-only (priority 100): no, it is for tenant contoso, the call is tenant fabrikam's", fabrikam.Explanation);

        var unknown = Decide(config, "carrier-b", "+12065550123", "+19995550000");
        Assert.Equal(404, unknown.RejectStatus);
        Assert.Contains("route contoso-only (priority 100): no, it is for tenant contoso and the call has no tenant", unknown.Explanation);
    }

    [Fact]
    public void No_route_is_404_naming_the_number()
    {
        var d = Decide(TestWorld.Standard, "teams", "+14255550100", "+33123456789");

        Assert.False(d.Routed);
        Assert.Equal(404, d.RejectStatus);
        Assert.Equal("No route to +33123456789", d.RejectReason);
        Assert.Null(d.Route);
        Assert.Contains("none of the 3 routes matches", d.Explanation);
        Assert.Equal("rejected: 404 No route to +33123456789", d.Explanation[^1]);
    }

    [Fact]
    public void Without_routes_every_call_is_404()
    {
        var d = Decide(TestWorld.Load(TestWorld.Base), "teams", "+14255550100", "+33123456789");

        Assert.Equal(404, d.RejectStatus);
        Assert.Contains("no route is configured", d.Explanation);
    }

    [Fact]
    public void An_empty_called_number_is_484()
    {
        var d = Decide(TestWorld.Standard, "carrier-b", "+12065550123", "");

        Assert.Equal(484, d.RejectStatus);
        Assert.Equal("the called number is empty", d.RejectReason);
    }

    [Fact]
    public void Time_window_routes_office_hours_and_nights()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - id: office
                from: [carrier-b]
                time: { days: mon-fri, from: "08:00", to: "18:00", zone: Europe/London }
                to: [teams]
              - id: night
                from: [carrier-b]
                time: { days: [mon, tue, wed, thu, fri], from: "18:00", to: "08:00", zone: Europe/London }
                to: [pbx]
              - { id: weekend, from: [carrier-b], to: [carrier-a] }
            """);

        // June: London is UTC+1. 09:30Z Monday is 10:30 there.
        Assert.Equal("office", Decide(config, "carrier-b", "+1206", "+14255550100", new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero)).Route!.Id);
        // 17:30Z Monday is 18:30 in London: night.
        Assert.Equal("night", Decide(config, "carrier-b", "+1206", "+14255550100", new(2025, 6, 2, 17, 30, 0, TimeSpan.Zero)).Route!.Id);
        // Saturday 05:00 London belongs to Friday's night (it wraps past midnight).
        Assert.Equal("night", Decide(config, "carrier-b", "+1206", "+14255550100", new(2025, 6, 7, 4, 0, 0, TimeSpan.Zero)).Route!.Id);
        // Saturday 10:00 London: neither.
        var saturday = Decide(config, "carrier-b", "+1206", "+14255550100", new(2025, 6, 7, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal("weekend", saturday.Route!.Id);
        Assert.Contains("route office (priority 100): no, outside its time window mon-fri 08:00-18:00 Europe/London (it is sat 10:00 there)", saturday.Explanation);
        // Monday 05:00 London: Sunday's night is not listed.
        Assert.Equal("weekend", Decide(config, "carrier-b", "+1206", "+14255550100", new(2025, 6, 2, 4, 0, 0, TimeSpan.Zero)).Route!.Id);
    }
}
