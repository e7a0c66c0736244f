using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class SipMessageEditTests
{
    private const string Invite =
        "INVITE sip:+14255550100@sbc.example.net:5061;transport=tls SIP/2.0\r\n" +
        "v: SIP/2.0/TLS 52.114.1.1:5061;branch=z9hG4bKac1;rport\r\n" +
        "FROM: \"Alice\" <sip:+14255550199@sip.pstnhub.microsoft.com;user=phone>;tag=a1\r\n" +
        "TO: <sip:+14255550100@sbc.example.net;user=phone>\r\n" +
        "CALL-ID: abc@52.114.1.1\r\n" +
        "CSEQ: 1 INVITE\r\n" +
        "X-MS-SBC: folded\r\n  value\r\n" +
        "User-Agent: Microsoft.PSTNHub.SIPProxy v.2024.1.1.1 i.USWE.1\r\n" +
        "Max-Forwards: 70\r\n" +
        "Record-Route: <sip:sip-du-a-us.pstnhub.microsoft.com:5061;transport=tls;lr>\r\n" +
        "c: application/sdp\r\n" +
        "l: 10\r\n\r\n" +
        "v=0\r\no=-\r\n";

    private static SipMessage Parse(byte[] bytes)
    {
        SipMessage? m = SipParser.ParseDatagram(bytes, out SipParseError e);
        Assert.True(e.Outcome == ParseOutcome.Ok, e.Detail);
        return m!;
    }

    private static string Text(byte[] bytes) => Encoding.ASCII.GetString(bytes);

    [Fact]
    public void Untouched_headers_are_copied_byte_for_byte()
    {
        string written = Text(new SipMessageEdit(Parse(Encoding.ASCII.GetBytes(Invite))).ToArray());
        // Everything but Content-Length (always recomputed, in its long form) is as received: case, compact forms, folding.
        Assert.Equal(Invite.Replace("l: 10\r\n", "", StringComparison.Ordinal).Replace("\r\n\r\nv=0", "\r\nContent-Length: 10\r\n\r\nv=0", StringComparison.Ordinal), written);
    }

    [Fact]
    public void Removed_replaced_and_added_headers_and_a_new_request_uri()
    {
        SipMessage m = Parse(Encoding.ASCII.GetBytes(Invite));
        byte[] bytes = new SipMessageEdit(m)
            .SetRequestUri("sip:+14255550100@10.0.0.5:5060")
            .Remove(HeaderId.UserAgent)
            .Remove("x-ms-sbc")
            .Remove(HeaderId.RecordRoute)
            .Replace(HeaderId.Via, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKnew")
            .Replace(HeaderId.MaxForwards, "69")
            .Add("P-Asserted-Identity", "<sip:+14255550199@sbc.example.net>")
            .ToArray();
        SipMessage edited = Parse(bytes);
        string text = Text(bytes);
        Assert.Equal("sip:+14255550100@10.0.0.5:5060", Encoding.ASCII.GetString(edited.RequestUriBytes));
        Assert.Equal("10.0.0.1", edited.TopVia!.Host);
        Assert.Equal(1, edited.ViaCount);
        Assert.Equal(69, edited.MaxForwards);
        Assert.False(edited.Has(HeaderId.UserAgent));
        Assert.False(edited.Has(HeaderId.RecordRoute));
        Assert.DoesNotContain("X-MS-SBC", text, StringComparison.Ordinal);
        Assert.Contains("P-Asserted-Identity: <sip:+14255550199@sbc.example.net>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("FROM: \"Alice\" <sip:+14255550199@sip.pstnhub.microsoft.com;user=phone>;tag=a1\r\n", text, StringComparison.Ordinal);
        // The compact Via name of the first instance is kept for its replacement.
        Assert.StartsWith("v: SIP/2.0/UDP 10.0.0.1:5060", text.Split("\r\n")[1], StringComparison.Ordinal);
        Assert.Equal("v=0\r\no=-\r\n", Encoding.ASCII.GetString(edited.Body));
    }

    [Fact]
    public void A_new_body_replaces_content_type_and_length()
    {
        SipMessage m = Parse(Encoding.ASCII.GetBytes(Invite));
        byte[] sdp = Encoding.ASCII.GetBytes("v=0\r\no=palisade 1 1 IN IP4 10.0.0.1\r\ns=-\r\n");
        SipMessage edited = Parse(new SipMessageEdit(m).SetBody(sdp, "application/sdp").ToArray());
        Assert.Equal(sdp, edited.Body.ToArray());
        Assert.Equal("application/sdp", edited.ContentType);
        Assert.Equal(1, CountOf(edited, HeaderId.ContentType));
        Assert.Equal(1, CountOf(edited, HeaderId.ContentLength));
    }

    [Fact]
    public void A_replaced_header_that_was_absent_is_appended()
    {
        SipMessage m = Parse(Encoding.ASCII.GetBytes(Invite));
        SipMessage edited = Parse(new SipMessageEdit(m).Replace(HeaderId.Privacy, "id").ToArray());
        Assert.Equal("id", edited.GetValueText(HeaderId.Privacy));
    }

    private static int CountOf(SipMessage m, HeaderId id)
    {
        int n = 0;
        for (int i = m.IndexOf(id); i >= 0; i = m.IndexOf(id, i + 1))
            n++;
        return n;
    }
}
