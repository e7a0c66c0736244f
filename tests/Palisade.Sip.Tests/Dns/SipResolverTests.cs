using System.Net;
using Palisade.Sip.Dns;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Dns;

public sealed class SipResolverTests
{
    private readonly FakeDnsClient _dns = new();
    private readonly FakeTimeProvider _clock = new();

    private SipResolver Resolver(DnsResolverOptions? options = null)
    {
        options ??= new DnsResolverOptions();
        // Deterministic weighted draw: always 0, so zero-weight and then server order win.
        return new SipResolver(new DnsResolver(options, _dns, _clock), options, _ => 0);
    }

    private static DnsAddressRecord A(string name, string ip) => new(name, DnsRecordType.A, 300, IPAddress.Parse(ip));

    private static DnsAddressRecord Aaaa(string name, string ip) => new(name, DnsRecordType.Aaaa, 300, IPAddress.Parse(ip));

    private static DnsSrvRecord Srv(string name, ushort priority, ushort port, string target) => new(name, 300, priority, 0, port, target);

    private static DnsNaptrRecord Naptr(string name, ushort order, ushort pref, string service, string replacement) =>
        new(name, 300, order, pref, "s", service, "", replacement);

    private static SipTarget T(string ip, int port, SipTransportKind transport, string host) => new(IPAddress.Parse(ip), port, transport, host);

    [Theory]
    [InlineData("192.0.2.1", null, null, false, "192.0.2.1", 5060, SipTransportKind.Udp)]
    [InlineData("192.0.2.1", null, null, true, "192.0.2.1", 5061, SipTransportKind.Tls)]
    [InlineData("192.0.2.1", 5080, SipTransportKind.Tcp, false, "192.0.2.1", 5080, SipTransportKind.Tcp)]
    [InlineData("[2001:db8::1]", null, SipTransportKind.Tcp, true, "2001:db8::1", 5061, SipTransportKind.Tls)]
    [InlineData("2001:db8::1", 5070, null, false, "2001:db8::1", 5070, SipTransportKind.Udp)]
    public async Task Ip_literal_needs_no_dns(string host, int? port, SipTransportKind? transport, bool secure, string ip, int expectedPort, SipTransportKind expectedTransport)
    {
        var targets = await Resolver().ResolveAsync(host, port, transport, secure, default);

        Assert.Equal([T(ip, expectedPort, expectedTransport, host)], targets);
        Assert.Equal(0, _dns.TotalQueries);
    }

    [Fact]
    public async Task Explicit_port_means_address_records_only()
    {
        _dns.Answer("sip.example.com", DnsRecordType.A, A("sip.example.com", "192.0.2.1"))
            .Answer("sip.example.com", DnsRecordType.Aaaa, Aaaa("sip.example.com", "2001:db8::1"));

        var targets = await Resolver().ResolveAsync("sip.example.com", 5070, null, false, default);

        Assert.Equal([T("192.0.2.1", 5070, SipTransportKind.Udp, "sip.example.com"), T("2001:db8::1", 5070, SipTransportKind.Udp, "sip.example.com")], targets);
        Assert.Equal(0, _dns.Queries("sip.example.com", DnsRecordType.Naptr));
        Assert.Equal(0, _dns.Queries("_sip._udp.sip.example.com", DnsRecordType.Srv));
    }

    [Fact]
    public async Task Prefer_ipv6_puts_aaaa_first()
    {
        _dns.Answer("sip.example.com", DnsRecordType.A, A("sip.example.com", "192.0.2.1"))
            .Answer("sip.example.com", DnsRecordType.Aaaa, Aaaa("sip.example.com", "2001:db8::1"));

        var targets = await Resolver(new DnsResolverOptions { PreferIPv6 = true }).ResolveAsync("sip.example.com", 5060, SipTransportKind.Tcp, false, default);

        Assert.Equal(IPAddress.Parse("2001:db8::1"), targets[0].Address);
    }

    [Fact]
    public async Task Explicit_transport_looks_up_its_srv()
    {
        _dns.Answer("_sips._tcp.example.com", DnsRecordType.Srv,
                Srv("_sips._tcp.example.com", 20, 5063, "b.example.com"),
                Srv("_sips._tcp.example.com", 10, 5062, "a.example.com"))
            .Answer("a.example.com", DnsRecordType.A, A("a.example.com", "192.0.2.1"))
            .Answer("b.example.com", DnsRecordType.A, A("b.example.com", "192.0.2.2"));

        var targets = await Resolver().ResolveAsync("example.com", null, SipTransportKind.Tls, false, default);

        Assert.Equal([T("192.0.2.1", 5062, SipTransportKind.Tls, "a.example.com"), T("192.0.2.2", 5063, SipTransportKind.Tls, "b.example.com")], targets);
        Assert.Equal(0, _dns.Queries("example.com", DnsRecordType.Naptr));
    }

    [Fact]
    public async Task Explicit_transport_without_srv_uses_the_default_port()
    {
        _dns.Answer("example.com", DnsRecordType.A, A("example.com", "192.0.2.1"));

        var targets = await Resolver().ResolveAsync("example.com", null, SipTransportKind.Tcp, true, default);

        Assert.Equal([T("192.0.2.1", 5061, SipTransportKind.Tls, "example.com")], targets);
        Assert.Equal(1, _dns.Queries("_sips._tcp.example.com", DnsRecordType.Srv));
    }

    [Fact]
    public async Task Srv_with_dot_target_means_no_service_and_no_fallback()
    {
        _dns.Answer("_sip._tcp.example.com", DnsRecordType.Srv, Srv("_sip._tcp.example.com", 0, 0, "."))
            .Answer("example.com", DnsRecordType.A, A("example.com", "192.0.2.1"));

        Assert.Empty(await Resolver().ResolveAsync("example.com", null, SipTransportKind.Tcp, false, default));
    }

    [Fact]
    public async Task Naptr_then_srv_then_address_records()
    {
        _dns.Answer("example.com", DnsRecordType.Naptr,
                Naptr("example.com", 50, 10, "SIP+D2U", "_sip._udp.example.com"),
                Naptr("example.com", 10, 20, "SIP+D2T", "_sip._tcp.example.com"),
                Naptr("example.com", 10, 10, "SIPS+D2T", "_sips._tcp.example.com"),
                Naptr("example.com", 5, 10, "SIP+D2S", "_sip._sctp.example.com"))
            .Answer("_sips._tcp.example.com", DnsRecordType.Srv, Srv("_sips._tcp.example.com", 0, 5061, "tls.example.com"))
            .Answer("_sip._tcp.example.com", DnsRecordType.Srv, Srv("_sip._tcp.example.com", 0, 5060, "tcp.example.com"))
            .Answer("_sip._udp.example.com", DnsRecordType.Srv, Srv("_sip._udp.example.com", 0, 5060, "udp.example.com"))
            .Answer("tls.example.com", DnsRecordType.A, A("tls.example.com", "192.0.2.3"))
            .Answer("tcp.example.com", DnsRecordType.A, A("tcp.example.com", "192.0.2.2"))
            .Answer("udp.example.com", DnsRecordType.A, A("udp.example.com", "192.0.2.1"));

        var targets = await Resolver().ResolveAsync("example.com", null, null, false, default);

        Assert.Equal(
            [
                T("192.0.2.3", 5061, SipTransportKind.Tls, "tls.example.com"),
                T("192.0.2.2", 5060, SipTransportKind.Tcp, "tcp.example.com"),
                T("192.0.2.1", 5060, SipTransportKind.Udp, "udp.example.com"),
            ],
            targets);
        Assert.Equal(0, _dns.Queries("_sip._sctp.example.com", DnsRecordType.Srv));
    }

    [Fact]
    public async Task Naptr_for_sips_uses_only_tls()
    {
        _dns.Answer("example.com", DnsRecordType.Naptr,
                Naptr("example.com", 10, 10, "SIP+D2U", "_sip._udp.example.com"),
                Naptr("example.com", 20, 10, "SIPS+D2T", "_sips._tcp.example.com"))
            .Answer("_sips._tcp.example.com", DnsRecordType.Srv, Srv("_sips._tcp.example.com", 0, 5061, "tls.example.com"))
            .Answer("_sip._udp.example.com", DnsRecordType.Srv, Srv("_sip._udp.example.com", 0, 5060, "udp.example.com"))
            .Answer("tls.example.com", DnsRecordType.A, A("tls.example.com", "192.0.2.3"))
            .Answer("udp.example.com", DnsRecordType.A, A("udp.example.com", "192.0.2.1"));

        var targets = await Resolver().ResolveAsync("example.com", null, null, true, default);

        Assert.Equal([T("192.0.2.3", 5061, SipTransportKind.Tls, "tls.example.com")], targets);
    }

    [Fact]
    public async Task Without_naptr_falls_back_to_srv_per_transport_in_preference_order()
    {
        _dns.Answer("_sip._tcp.example.com", DnsRecordType.Srv, Srv("_sip._tcp.example.com", 0, 5070, "tcp.example.com"))
            .Answer("_sips._tcp.example.com", DnsRecordType.Srv, Srv("_sips._tcp.example.com", 0, 5071, "tls.example.com"))
            .Answer("tcp.example.com", DnsRecordType.A, A("tcp.example.com", "192.0.2.2"))
            .Answer("tls.example.com", DnsRecordType.A, A("tls.example.com", "192.0.2.3"));
        var options = new DnsResolverOptions { Transports = [SipTransportKind.Tls, SipTransportKind.Tcp, SipTransportKind.Udp] };

        var targets = await Resolver(options).ResolveAsync("example.com", null, null, false, default);

        Assert.Equal([T("192.0.2.3", 5071, SipTransportKind.Tls, "tls.example.com"), T("192.0.2.2", 5070, SipTransportKind.Tcp, "tcp.example.com")], targets);
        Assert.Equal(1, _dns.Queries("_sip._udp.example.com", DnsRecordType.Srv));
        Assert.Equal(0, _dns.Queries("example.com", DnsRecordType.A));
    }

    [Theory]
    [InlineData(false, 5060, SipTransportKind.Udp)]
    [InlineData(true, 5061, SipTransportKind.Tls)]
    public async Task Without_naptr_or_srv_uses_address_records_and_default_port(bool secure, int port, SipTransportKind transport)
    {
        _dns.Answer("sip.pstnhub.microsoft.com", DnsRecordType.A, A("sip.pstnhub.microsoft.com", "52.114.148.0"));

        var targets = await Resolver().ResolveAsync("sip.pstnhub.microsoft.com", null, null, secure, default);

        Assert.Equal([T("52.114.148.0", port, transport, "sip.pstnhub.microsoft.com")], targets);
    }

    [Fact]
    public async Task Static_table_wins_over_dns_and_keeps_the_name()
    {
        _dns.Answer("sip.pstnhub.microsoft.com", DnsRecordType.A, A("sip.pstnhub.microsoft.com", "52.114.148.0"));
        var options = new DnsResolverOptions
        {
            StaticHosts = new Dictionary<string, IPAddress> { ["SIP.pstnhub.microsoft.com"] = IPAddress.Parse("127.0.0.3") },
        };

        var targets = await Resolver(options).ResolveAsync("sip.pstnhub.microsoft.com.", 5061, SipTransportKind.Tls, false, default);

        Assert.Equal([T("127.0.0.3", 5061, SipTransportKind.Tls, "sip.pstnhub.microsoft.com")], targets);
        Assert.Equal(0, _dns.TotalQueries);
    }

    [Fact]
    public async Task Static_table_also_answers_srv_targets()
    {
        _dns.Answer("_sips._tcp.example.com", DnsRecordType.Srv, Srv("_sips._tcp.example.com", 0, 5061, "sbc.example.com"));
        var options = new DnsResolverOptions { StaticHosts = new Dictionary<string, IPAddress> { ["sbc.example.com"] = IPAddress.Parse("127.0.0.9") } };

        var targets = await Resolver(options).ResolveAsync("example.com", null, SipTransportKind.Tls, false, default);

        Assert.Equal([T("127.0.0.9", 5061, SipTransportKind.Tls, "sbc.example.com")], targets);
        Assert.Equal(0, _dns.Queries("sbc.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Nonexistent_name_gives_an_empty_list()
    {
        Assert.Empty(await Resolver().ResolveAsync("nope.example.com", null, null, false, default));
    }

    [Fact]
    public async Task Failed_lookups_with_nothing_found_throw_a_clear_error()
    {
        _dns.Fail("down.example.com", DnsRecordType.A, "A down.example.com via UDP 10.0.0.53:53: timed out");

        var error = await Assert.ThrowsAsync<DnsResolutionException>(
            async () => await Resolver().ResolveAsync("down.example.com", 5060, null, false, default));
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Contains("down.example.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partial_failure_still_returns_what_was_found()
    {
        _dns.Answer("example.com", DnsRecordType.A, A("example.com", "192.0.2.1")).Fail("example.com", DnsRecordType.Aaaa);

        var targets = await Resolver().ResolveAsync("example.com", 5060, null, false, default);

        Assert.Single(targets);
    }

    [Fact]
    public async Task Follows_cnames_and_keeps_the_srv_target_name()
    {
        _dns.Answer("_sip._udp.example.com", DnsRecordType.Srv, Srv("_sip._udp.example.com", 0, 5060, "alias.example.com"))
            .Answer("alias.example.com", DnsRecordType.A, new DnsCnameRecord("alias.example.com", 300, "real.example.com"))
            .Answer("real.example.com", DnsRecordType.A, A("real.example.com", "192.0.2.5"));

        var targets = await Resolver().ResolveAsync("example.com", null, SipTransportKind.Udp, false, default);

        Assert.Equal([T("192.0.2.5", 5060, SipTransportKind.Udp, "alias.example.com")], targets);
    }

    [Fact]
    public async Task Cname_loop_is_a_failure_not_a_hang()
    {
        _dns.Answer("a.example.com", DnsRecordType.A, new DnsCnameRecord("a.example.com", 300, "b.example.com"))
            .Answer("b.example.com", DnsRecordType.A, new DnsCnameRecord("b.example.com", 300, "a.example.com"));

        var error = await Assert.ThrowsAsync<DnsResolutionException>(
            async () => await Resolver(new DnsResolverOptions { UseIPv6 = false }).ResolveAsync("a.example.com", 5060, null, false, default));
        Assert.Contains("CNAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_are_bounded()
    {
        var records = Enumerable.Range(0, 50).Select(i => (DnsRecord)Srv("_sip._udp.example.com", 0, (ushort)(6000 + i), "h.example.com")).ToArray();
        _dns.Answer("_sip._udp.example.com", DnsRecordType.Srv, records)
            .Answer("h.example.com", DnsRecordType.A, A("h.example.com", "192.0.2.1"));

        var targets = await Resolver(new DnsResolverOptions { MaxTargets = 5 }).ResolveAsync("example.com", null, SipTransportKind.Udp, false, default);

        Assert.Equal(5, targets.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public async Task Bad_port_is_refused(int port)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Resolver().ResolveAsync("example.com", port, null, false, default));
    }

    [Fact]
    public async Task Sips_over_udp_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Resolver().ResolveAsync("example.com", null, SipTransportKind.Udp, true, default));
    }

    [Theory]
    [InlineData("10", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4", true)]
    [InlineData("[::1]", true)]
    [InlineData("host.example", false)]
    public void Literal_detection_is_strict(string host, bool isLiteral)
    {
        Assert.Equal(isLiteral, SipResolver.TryParseLiteral(host, out _));
    }
}
