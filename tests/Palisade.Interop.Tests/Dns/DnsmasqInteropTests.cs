using System.Net;
using System.Net.Sockets;
using Palisade.Sip.Dns;
using Palisade.Sip.Transport;

namespace Palisade.Interop.Tests.Dns;

/// <summary>RFC 3263 resolution through a real DNS server (dnsmasq), over real UDP and TCP.</summary>
public sealed class DnsmasqInteropTests(DnsmasqFixture dnsmasq) : IClassFixture<DnsmasqFixture>
{
    private SipResolver Resolver(bool edns = true) => SipResolver.Create(new DnsResolverOptions
    {
        NameServers = [dnsmasq.EndPoint],
        Timeout = TimeSpan.FromSeconds(2),
        Attempts = 2,
        UseEdns = edns,
    });

    private static SipTarget T(string ip, int port, SipTransportKind transport, string host) => new(IPAddress.Parse(ip), port, transport, host);

    [Fact]
    public async Task Resolves_a_naptr_srv_address_chain()
    {
        var targets = await Resolver().ResolveAsync("example.test", null, null, secure: false, default);

        Assert.True(
            targets.SequenceEqual(
            [
                T("127.0.0.10", 5071, SipTransportKind.Tls, "sip1.example.test"),
                T("127.0.0.11", 5070, SipTransportKind.Tcp, "sip2.example.test"),
                T("::1", 5070, SipTransportKind.Tcp, "sip2.example.test"),
                T("127.0.0.12", 5072, SipTransportKind.Tcp, "sip3.example.test"),
            ]),
            string.Join("\n", targets) + "\n--- dnsmasq ---\n" + dnsmasq.Output);
    }

    [Fact]
    public async Task Sips_uri_gets_only_the_tls_target()
    {
        var targets = await Resolver().ResolveAsync("example.test", null, null, secure: true, default);

        Assert.Equal([T("127.0.0.10", 5071, SipTransportKind.Tls, "sip1.example.test")], targets);
    }

    [Fact]
    public async Task Explicit_transport_uses_its_srv_records()
    {
        var targets = await Resolver().ResolveAsync("example.test", null, SipTransportKind.Udp, secure: false, default);

        Assert.Equal([T("127.0.0.12", 5080, SipTransportKind.Udp, "sip3.example.test")], targets);
    }

    [Fact]
    public async Task Host_without_naptr_or_srv_falls_back_to_a_and_default_port()
    {
        var targets = await Resolver().ResolveAsync("plain.test", null, null, secure: false, default);

        Assert.Equal([T("127.0.0.20", 5060, SipTransportKind.Udp, "plain.test")], targets);
    }

    [Fact]
    public async Task Unknown_name_resolves_to_nothing()
    {
        Assert.Empty(await Resolver().ResolveAsync("nope.example.test", null, null, secure: false, default));
    }

    [Fact]
    public async Task Truncated_answer_is_fetched_over_tcp()
    {
        // Without EDNS the UDP answer is capped at 512 bytes, too small for all the SRV records of big.test: check the
        // server really sets TC over UDP, then that the client still gets every record (so it went over TCP).
        using (var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var query = new byte[DnsQueryEncoder.MaxQueryLength];
            var length = DnsQueryEncoder.Encode(query, 4242, "_sip._udp.big.test", DnsRecordType.Srv, edns: false);
            await udp.SendToAsync(query.AsMemory(0, length), SocketFlags.None, dnsmasq.EndPoint);
            var reply = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var received = await udp.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
            Assert.True(DnsMessageDecoder.TryDecode(reply.AsSpan(0, received), out var truncated, out var error), error);
            Assert.True(truncated!.IsTruncated);
        }

        var client = new DnsWireClient(new DnsResolverOptions { NameServers = [dnsmasq.EndPoint], UseEdns = false });
        var response = await client.QueryAsync("_sip._udp.big.test", DnsRecordType.Srv, default);
        Assert.NotNull(response.Message);
        Assert.Equal(DnsmasqFixture.BigSrvCount, response.Message.Answers.Count(r => r is DnsSrvRecord));

        var targets = await Resolver(edns: false).ResolveAsync("big.test", null, SipTransportKind.Udp, secure: false, default);
        Assert.Equal(DnsmasqFixture.BigSrvCount, targets.Count);
        Assert.All(targets, t => Assert.StartsWith("a-rather-long-host-name-", t.HostName, StringComparison.Ordinal));
    }
}
