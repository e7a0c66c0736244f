namespace Palisade.Routing.Tests.Config;

/// <summary>Whole-file checks: duplicates, overlaps, clashes, references, Teams rules.</summary>
public sealed class ReferenceErrorTests
{
    [Fact]
    public void Duplicate_tenant_id()
    {
        var text = LabFile.With(("  - id: fabrikam", "  - id: contoso"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 46, "duplicate tenant id 'contoso'; it is already used on line 42");
    }

    [Fact]
    public void Duplicate_trunk_id()
    {
        var text = LabFile.With(("  - id: carrier-b", "  - id: carrier-a"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 63, "duplicate trunk id 'carrier-a'; it is already used on line 52");
    }

    [Fact]
    public void Duplicate_listener_name()
    {
        var text = LabFile.With(("{ name: public-tcp,", "{ name: public-udp,"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 34, "duplicate listener id 'public-udp'; it is already used on line 33");
    }

    [Fact]
    public void Duplicate_route_id()
    {
        var text = LabFile.With(("  - id: teams-to-pbx", "  - id: teams-to-pstn"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 116, "duplicate route id 'teams-to-pstn'; it is already used on line 109");
    }

    [Fact]
    public void Duplicate_number()
    {
        var text = LabFile.With(("{ number: \"+14255550101\", tenant: contoso, user: bob", "{ number: \"+14255550100\", tenant: contoso, user: bob"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 96, "duplicate number '+14255550100'; it is already listed on line 95");
    }

    [Fact]
    public void Overlapping_number_ranges()
    {
        var text = LabFile.With(("  - { number: \"+442071230100\"", "  - { range: \"+14255550250..+14255550350\", tenant: fabrikam }\n  - { number: \"+442071230100\""));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 98, "range '+14255550250..+14255550350' overlaps range '+14255550200..+14255550299' (line 97)");
    }

    [Fact]
    public void Single_number_inside_another_tenants_range()
    {
        var text = LabFile.With(("  - { number: \"+442071230100\"", "  - { number: \"+14255550242\", tenant: fabrikam }\n  - { number: \"+442071230100\""));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 98, "number '+14255550242' of tenant 'fabrikam' lies inside range '+14255550200..+14255550299' of tenant 'contoso' (line 97)");
    }

    [Fact]
    public void Single_number_inside_its_own_tenants_range_is_fine()
    {
        var text = LabFile.With(("  - { number: \"+442071230100\"", "  - { number: \"+14255550242\", tenant: contoso, user: dave@contoso.com }\n  - { number: \"+442071230100\""));

        var result = LabFile.Load(text);

        Assert.Empty(result.Errors);
        Assert.Equal(5, result.Model!.Numbers.Length);
    }

    [Fact]
    public void Listener_port_clash_same_transport()
    {
        var text = LabFile.With(("{ name: teams-tls,  transport: tls, address: 127.0.0.1, port: 5061 }", "{ name: teams-tls,  transport: tls, address: 127.0.0.1, port: 5061 }\n  - { name: extra-udp, transport: udp, address: 127.0.0.1, port: 5060 }"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 36, "listener 'extra-udp' (udp 127.0.0.1:5060) clashes with listener 'public-udp' (udp 127.0.0.1:5060, line 33)");
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Listener_port_clash_tls_and_tcp_share_the_tcp_port()
    {
        var text = LabFile.With(("address: 127.0.0.1, port: 5061 }", "address: 127.0.0.1, port: 5060 }"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 35, "listener 'teams-tls' (tls 127.0.0.1:5060) clashes with listener 'public-tcp' (tcp 127.0.0.1:5060, line 34); TLS and TCP both need the TCP port");
    }

    [Fact]
    public void Listener_on_the_wildcard_address_clashes_with_a_specific_one()
    {
        var text = LabFile.With(("{ name: public-tcp, transport: tcp, address: 127.0.0.1, port: 5060 }", "{ name: public-tcp, transport: tcp, address: 0.0.0.0, port: 5060 }\n  - { name: lo-tcp, transport: tcp, address: 127.0.0.1, port: 5060 }"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 35, "listener 'lo-tcp' (tcp 127.0.0.1:5060) clashes with listener 'public-tcp' (tcp 0.0.0.0:5060, line 34)");
    }

    [Fact]
    public void Udp_and_tcp_on_the_same_port_are_fine()
    {
        // lab.yaml itself has public-udp and public-tcp on 127.0.0.1:5060.
        var result = LabFile.Load(LabFile.Text);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Model!.Listeners.Count(l => l.Port == 5060));
    }

    [Fact]
    public void Unknown_trunk_in_a_route_suggests_the_closest_id()
    {
        var text = LabFile.With(("    to: [carrier-a, carrier-b]", "    to: [carrier-a, carrier-c]"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 113, "'to' of route 'teams-to-pstn' refers to unknown trunk 'carrier-c'; did you mean 'carrier-a'?");
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Unknown_trunk_in_from()
    {
        var text = LabFile.With(("    from: [carrier-a, carrier-b]", "    from: [carrier-a, sbc-x]"));

        var result = LabFile.Load(text);

        var error = LabFile.AssertError(result, 103, "'from' of route 'pstn-to-teams' refers to unknown trunk 'sbc-x'");
        Assert.Equal(LabFile.ColumnOf(text, "sbc-x"), error.Column);
    }

    [Fact]
    public void Unknown_tenant()
    {
        var text = LabFile.With(("  - { number: \"+442071230100\", tenant: fabrikam,", "  - { number: \"+442071230100\", tenant: fabricam,"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 98, "number '+442071230100' refers to unknown tenant 'fabricam'; did you mean 'fabrikam'?");
    }

    [Fact]
    public void Unknown_listener()
    {
        var text = LabFile.With(("    listener: teams-tls", "    listener: teams-tlz"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 84, "trunk 'teams' refers to unknown listener 'teams-tlz'; did you mean 'teams-tls'?");
    }

    [Fact]
    public void Forward_on_failure_via_an_unknown_trunk()
    {
        var text = LabFile.With(("via: carrier-a,", "via: carrier-z,"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 106, "forward-on-failure of route 'pstn-to-teams' refers to unknown trunk 'carrier-z'");
    }

    [Fact]
    public void Teams_trunk_without_tls_is_an_error()
    {
        var text = LabFile.With(("{ host: sip2.pstnhub.microsoft.com, port: 5061, transport: tls }", "{ host: sip2.pstnhub.microsoft.com, port: 5060, transport: udp }"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 87, "endpoint 'sip2.pstnhub.microsoft.com' of trunk 'teams' uses udp, but trunk 'teams' is kind teams: Microsoft's Teams SIP proxy accepts TLS only");
    }

    [Fact]
    public void Teams_trunk_without_srtp_is_an_error()
    {
        var text = LabFile.With(("    media: { srtp: required }", "    media: { srtp: off }"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 91, "trunk 'teams' is kind teams, which requires SRTP");
    }

    [Fact]
    public void Endpoint_transport_must_match_the_trunks_listener()
    {
        var text = LabFile.With(("{ host: 127.0.0.5, port: 5060, transport: udp }", "{ host: 127.0.0.5, port: 5060, transport: tcp }"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 78, "endpoint '127.0.0.5' of trunk 'pbx' uses tcp, but the trunk's listener 'public-udp' is udp");
    }

    [Fact]
    public void Least_cost_route_needs_rates_on_every_target()
    {
        var text = LabFile.With(("    to: [carrier-a, carrier-b]", "    to: [carrier-a, pbx]"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 113, "route 'teams-to-pstn' selects least-cost, but trunk 'pbx' has no rates");
    }

    [Fact]
    public void Broken_trunk_does_not_cascade_into_unknown_trunk_errors()
    {
        var text = LabFile.With(("    kind: teams ", "    kind: temas "));

        var result = LabFile.Load(text);

        var error = Assert.Single(result.Errors);
        Assert.Equal(83, error.Line);
        Assert.Contains("bad kind 'temas' in trunk 'teams'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'teams'?", error.Message, StringComparison.Ordinal);
    }
}
