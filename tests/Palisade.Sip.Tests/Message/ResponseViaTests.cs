using System.Net;
using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

/// <summary>received and rport in the top Via of responses (RFC 3261 §18.2.1, RFC 3581 §4).</summary>
public sealed class ResponseViaTests
{
    private static SipMessage Request(string via, string? secondVia = null)
    {
        string text = "OPTIONS sip:ping@192.0.2.1 SIP/2.0\r\n" +
                      "Via: " + via + "\r\n" +
                      (secondVia is null ? "" : "Via: " + secondVia + "\r\n") +
                      "Max-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:ping@192.0.2.1>\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        SipMessage? m = SipParser.ParseDatagram(Encoding.ASCII.GetBytes(text), out SipParseError e);
        Assert.True(e.Outcome == ParseOutcome.Ok, e.Detail);
        return m!;
    }

    private static string ResponseVias(SipMessage request)
    {
        using SipMessageWriter w = SipResponses.Start(request, 200);
        w.Finish();
        SipMessage? response = SipParser.ParseDatagram(w.ToArray(), out SipParseError e);
        Assert.True(e.Outcome == ParseOutcome.Ok, e.Detail);
        var vias = new List<string>();
        foreach (HeaderField h in response!.Headers)
        {
            if (h.Id == HeaderId.Via)
                vias.Add(Encoding.ASCII.GetString(response.GetValue(h)));
        }
        return string.Join(" | ", vias);
    }

    [Fact]
    public void Rport_gets_the_source_port_and_received_the_source_address_behind_nat()
    {
        SipMessage m = Request("SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKa1");
        m.ReceivedFrom = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40123);
        Assert.Equal("SIP/2.0/UDP 10.0.0.5:5060;rport=40123;branch=z9hG4bKa1;received=203.0.113.7", ResponseVias(m));
    }

    [Fact]
    public void Nothing_is_added_when_the_sent_by_is_the_source_and_rport_was_not_asked()
    {
        SipMessage m = Request("SIP/2.0/UDP 192.0.2.9:5070;branch=z9hG4bKa2");
        m.ReceivedFrom = new IPEndPoint(IPAddress.Parse("192.0.2.9"), 5070);
        Assert.Equal("SIP/2.0/UDP 192.0.2.9:5070;branch=z9hG4bKa2", ResponseVias(m));
    }

    [Fact]
    public void Received_is_added_for_a_host_name_and_only_the_top_via_changes()
    {
        SipMessage m = Request("SIP/2.0/TLS sbc.example.net;branch=z9hG4bKa3, SIP/2.0/UDP 10.1.1.1;branch=z9hG4bKx", "SIP/2.0/UDP 10.2.2.2;branch=z9hG4bKy");
        m.ReceivedFrom = new IPEndPoint(IPAddress.Parse("52.112.1.1"), 1234);
        Assert.Equal("SIP/2.0/TLS sbc.example.net;branch=z9hG4bKa3;received=52.112.1.1, SIP/2.0/UDP 10.1.1.1;branch=z9hG4bKx | SIP/2.0/UDP 10.2.2.2;branch=z9hG4bKy", ResponseVias(m));
    }

    [Fact]
    public void Without_a_known_source_the_vias_are_copied_unchanged()
    {
        SipMessage m = Request("SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKa4");
        Assert.Equal("SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKa4", ResponseVias(m));
    }
}
