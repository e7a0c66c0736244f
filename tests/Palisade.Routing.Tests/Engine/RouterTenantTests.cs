using Palisade.Routing.Engine;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Engine;

/// <summary>Which tenant and inventory entry a call gets, and the tenant-level refusals.</summary>
public sealed class RouterTenantTests
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly PalisadeConfigModel World = TestWorld.Standard;

    private static RouteDecision Decide(string from, string calling, string called, string? host = null, FakeState? state = null) =>
        Router.Decide(World, new RouteQuery(World.Trunk(from), calling, called, Monday, host), state ?? FakeState.AllUp);

    [Fact]
    public void Carrier_call_takes_the_tenant_of_the_called_single_number()
    {
        var d = Decide("carrier-b", "+12065550123", "+14255550100");

        Assert.True(d.Routed);
        Assert.Equal("contoso", d.Tenant!.Id);
        Assert.Equal("+14255550100", d.Number!.First);
        Assert.False(d.Number.IsRange);
        Assert.Equal("alice@contoso.com", d.User);
        Assert.Contains("tenant: contoso (owner of the called number, listed on its own)", d.Explanation);
    }

    [Fact]
    public void Carrier_call_to_a_number_in_a_range_gets_the_range_and_no_user()
    {
        var d = Decide("carrier-b", "+12065550123", "+442071230250");

        Assert.Equal("fabrikam", d.Tenant!.Id);
        Assert.True(d.Number!.IsRange);
        Assert.Null(d.User);
        Assert.Contains("tenant: fabrikam (owner of the called number, in range +442071230200..+442071230299)", d.Explanation);
    }

    [Fact]
    public void A_single_number_inside_its_tenants_range_wins_over_the_range()
    {
        var d = Decide("carrier-b", "+12065550123", "+14255550250");

        Assert.False(d.Number!.IsRange);
        Assert.Equal("dave@contoso.com", d.User);
    }

    [Fact]
    public void Teams_call_takes_the_tenant_of_the_request_uri_host_before_the_calling_number()
    {
        // The calling number is contoso's, but the call came to fabrikam's SBC FQDN.
        var d = Decide("teams", "+14255550100", "+442079460000", "fabrikam.sbc.example.net");

        Assert.Equal("fabrikam", d.Tenant!.Id);
        Assert.Null(d.Number);
        Assert.Contains("tenant: fabrikam (Teams FQDN fabrikam.sbc.example.net in the Request-URI)", d.Explanation);
        Assert.Contains("calling number +14255550100 belongs to tenant contoso, not fabrikam: its inventory entry is not used", d.Explanation);
    }

    [Fact]
    public void Teams_fqdn_match_ignores_case_and_a_trailing_dot()
    {
        var d = Decide("teams", "+442071230100", "+14255559876", "FABRIKAM.sbc.Example.NET.");

        Assert.Equal("fabrikam", d.Tenant!.Id);
        Assert.Equal("carol@fabrikam.com", d.User);
    }

    [Fact]
    public void Teams_call_without_a_known_host_takes_the_tenant_of_the_calling_number()
    {
        var d = Decide("teams", "+14255550100", "+442079460000", "sbc.example.net");

        Assert.Equal("contoso", d.Tenant!.Id);
        Assert.Equal("alice@contoso.com", d.User);
        Assert.Contains("tenant: contoso (owner of the calling number, listed on its own)", d.Explanation);
    }

    [Fact]
    public void Teams_call_from_an_unknown_number_and_host_has_no_tenant()
    {
        var d = Decide("teams", "+19995550000", "+442079460000", "other.example.net");

        Assert.Null(d.Tenant);
        Assert.True(d.Routed); // the outbound route has no tenant filter
        Assert.Contains(
            "tenant: none (Request-URI host other.example.net is no tenant's Teams FQDN and the calling number +19995550000 is not in the number inventory)",
            d.Explanation);
    }

    [Fact]
    public void A_trunk_owned_by_a_tenant_gives_its_tenant()
    {
        var d = Decide("pbx", "2001", "+442079460000");

        Assert.Equal("contoso", d.Tenant!.Id);
        Assert.Contains("tenant: contoso (owner of trunk pbx)", d.Explanation);
    }

    [Fact]
    public void Disabled_tenant_is_refused_with_403()
    {
        var d = Decide("carrier-b", "+12065550123", "+15550001111");

        Assert.False(d.Routed);
        Assert.Equal(403, d.RejectStatus);
        Assert.Equal("tenant closed is disabled", d.RejectReason);
        Assert.Equal("closed", d.Tenant!.Id);
        Assert.Null(d.Route);
        Assert.Empty(d.Targets);
    }

    [Fact]
    public void Tenant_at_its_call_limit_is_refused_with_503_and_retry_after()
    {
        var state = new FakeState();
        state.TenantCalls["small"] = 2;

        var d = Decide("carrier-b", "+12065550123", "+15550002222", state: state);

        Assert.False(d.Routed);
        Assert.Equal(503, d.RejectStatus);
        Assert.Equal("tenant small at its limit of 2 concurrent calls", d.RejectReason);
        Assert.Equal(30, d.RetryAfterSeconds);
    }

    [Fact]
    public void Tenant_below_its_call_limit_is_routed()
    {
        var state = new FakeState();
        state.TenantCalls["small"] = 1;

        Assert.True(Decide("carrier-b", "+12065550123", "+15550002222", state: state).Routed);
    }

    [Fact]
    public void Number_index_finds_singles_ranges_and_nothing_else()
    {
        Assert.Equal("alice@contoso.com", World.FindNumber("+14255550100")!.User);
        Assert.Equal("+14255550200", World.FindNumber("+14255550200")!.First);
        Assert.Equal("+14255550200", World.FindNumber("+14255550299")!.First);
        Assert.Null(World.FindNumber("+14255550199"));
        Assert.Null(World.FindNumber("+14255550301"));
        Assert.Null(World.FindNumber("+1425555020"));   // shorter than the range's numbers
        Assert.Null(World.FindNumber("+142555502000")); // longer
        Assert.Equal("fabrikam", World.FindNumber("+442071230299")!.Tenant.Id);
    }

    [Fact]
    public void Number_index_scales_to_a_large_inventory()
    {
        // 20,000 single numbers and 2,000 ranges of 10, interleaved, written in shuffled order.
        var lines = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            lines.Add($"  - {{ number: \"+3312{i:D7}\", tenant: contoso }}");
        }

        for (var i = 0; i < 2_000; i++)
        {
            lines.Add($"  - {{ range: \"+4930{i:D5}00..+4930{i:D5}09\", tenant: fabrikam }}");
        }

        var random = new Random(7);
        var shuffled = lines.OrderBy(_ => random.Next()).ToArray();
        var config = TestWorld.Load("tenants: [{ id: contoso }, { id: fabrikam }]\nnumbers:\n" + string.Join('\n', shuffled) + "\n");

        Assert.Equal("contoso", config.FindNumber("+33120012345")!.Tenant.Id);
        Assert.Equal("+49300123400", config.FindNumber("+49300123407")!.First);
        Assert.Null(config.FindNumber("+33130000000"));
        Assert.Null(config.FindNumber("+4930019990"));
        Assert.Null(config.FindNumber("+49302000000"));
    }

    [Fact]
    public void Replacing_the_numbers_rebuilds_the_index()
    {
        var fewer = World with { Numbers = [World.Numbers[0]] };

        Assert.NotNull(fewer.FindNumber("+14255550100"));
        Assert.Null(fewer.FindNumber("+14255550250"));
        Assert.NotNull(World.FindNumber("+14255550250"));
    }
}
