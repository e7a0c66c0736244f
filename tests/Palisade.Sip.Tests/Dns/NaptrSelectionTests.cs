using Palisade.Sip.Dns;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Dns;

public sealed class NaptrSelectionTests
{
    private static readonly SipTransportKind[] All = [SipTransportKind.Udp, SipTransportKind.Tcp, SipTransportKind.Tls];

    private static DnsNaptrRecord Naptr(ushort order, ushort pref, string service, string replacement, string flags = "s", string regexp = "") =>
        new("example.com", 60, order, pref, flags, service, regexp, replacement);

    [Fact]
    public void Orders_by_order_then_preference_and_maps_services()
    {
        var records = new DnsRecord[]
        {
            Naptr(20, 10, "SIP+D2U", "_sip._udp.example.com"),
            Naptr(10, 50, "SIP+D2T", "_sip._tcp.example.com"),
            Naptr(10, 20, "sips+d2t", "_sips._tcp.example.com"),
        };
        var choices = NaptrSelection.Select(records, secure: false, All);

        Assert.Equal(
            [SipTransportKind.Tls, SipTransportKind.Tcp, SipTransportKind.Udp],
            choices.Select(c => c.Transport));
        Assert.All(choices, c => Assert.True(c.IsSrv));
    }

    [Fact]
    public void Drops_unknown_services_regexps_unknown_flags_and_unsupported_transports()
    {
        var records = new DnsRecord[]
        {
            Naptr(10, 10, "E2U+sip", "x.example.com"),
            Naptr(10, 10, "SIP+D2S", "_sip._sctp.example.com"),
            Naptr(10, 10, "SIP+D2T", "", regexp: "!^.*$!sip:a@b!"),
            Naptr(10, 10, "SIP+D2T", "_sip._tcp.example.com", flags: "u"),
            Naptr(10, 10, "SIP+D2U", "_sip._udp.example.com"),
            Naptr(10, 20, "SIP+D2T", "tcp.example.com", flags: "A"),
        };
        var choices = NaptrSelection.Select(records, secure: false, [SipTransportKind.Tcp, SipTransportKind.Tls]);

        var only = Assert.Single(choices);
        Assert.Equal(("tcp.example.com", SipTransportKind.Tcp, false), (only.Record.Replacement, only.Transport, only.IsSrv));
    }

    [Fact]
    public void Sips_keeps_only_tls()
    {
        var records = new DnsRecord[] { Naptr(10, 10, "SIP+D2U", "u"), Naptr(10, 20, "SIP+D2T", "t"), Naptr(30, 10, "SIPS+D2T", "s") };
        var only = Assert.Single(NaptrSelection.Select(records, secure: true, All));
        Assert.Equal(SipTransportKind.Tls, only.Transport);
    }
}
