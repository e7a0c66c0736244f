using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class SipResponsesTests
{
    private const string Invite =
        "INVITE sip:bob@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1, SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2\r\n" +
        "v: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bKc;rport\r\n" +
        "Max-Forwards: 68\r\n" +
        "f: \"Alice\" <sip:alice@example.com>;tag=a1\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "Call-ID: resp-1@client\r\n" +
        "CSeq: 4 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static SipMessage Parse(string text)
    {
        SipMessage? m = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), out SipParseError error);
        Assert.True(error.Outcome == ParseOutcome.Ok, error.ToString());
        return m!;
    }

    [Fact]
    public void Response_copies_vias_in_order_and_adds_the_to_tag()
    {
        SipMessage request = Parse(Invite);
        using SipMessageWriter w = SipResponses.Start(request, 486, toTag: "srv7");
        string text = Encoding.UTF8.GetString(w.Finish());
        Assert.Equal(
            "SIP/2.0 486 Busy Here\r\n" +
            "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1, SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2\r\n" +
            "v: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bKc;rport\r\n" +
            "f: \"Alice\" <sip:alice@example.com>;tag=a1\r\n" +
            "To: <sip:bob@example.com>;tag=srv7\r\n" +
            "Call-ID: resp-1@client\r\n" +
            "CSeq: 4 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n", text);

        SipMessage response = Parse(text);
        Assert.False(response.IsRequest);
        Assert.Equal(486, response.StatusCode);
        Assert.Equal(3, response.ViaCount);
        Assert.Equal("z9hG4bKp1", response.TopVia!.Branch);
        Assert.Equal("srv7", response.ToTag);
        Assert.Equal("a1", response.FromTag);
        Assert.Equal(SipMethod.Invite, response.Method);
    }

    [Fact]
    public void No_tag_on_100_trying()
    {
        using SipMessageWriter w = SipResponses.Start(Parse(Invite), 100, toTag: "srv7");
        SipMessage r = Parse(Encoding.UTF8.GetString(w.Finish()));
        Assert.Null(r.ToTag);
        Assert.Equal("Trying", Encoding.UTF8.GetString(r.ReasonPhrase));
    }

    [Fact]
    public void Existing_to_tag_is_kept()
    {
        SipMessage request = Parse(Invite.Replace("To: <sip:bob@example.com>", "To: <sip:bob@example.com>;tag=dialog", StringComparison.Ordinal));
        using SipMessageWriter w = SipResponses.Start(request, 200, toTag: "other");
        Assert.Equal("dialog", Parse(Encoding.UTF8.GetString(w.Finish())).ToTag);
    }

    [Fact]
    public void Custom_reason_and_extra_headers()
    {
        using SipMessageWriter w = SipResponses.Start(Parse(Invite), 420, "Bad Extension", "t");
        w.Header(HeaderId.Unsupported, "foo, bar");
        SipMessage r = Parse(Encoding.UTF8.GetString(w.Finish()));
        Assert.Equal("Bad Extension", Encoding.UTF8.GetString(r.ReasonPhrase));
        Assert.Equal("foo, bar", r.GetValueText(HeaderId.Unsupported));
    }

    [Theory]
    [InlineData(180, "Ringing")]
    [InlineData(199, "Session Progress")]
    [InlineData(299, "OK")]
    [InlineData(399, "Redirect")]
    [InlineData(499, "Client Error")]
    [InlineData(599, "Server Error")]
    [InlineData(699, "Global Failure")]
    public void Reason_phrases(int status, string reason) => Assert.Equal(reason, SipStatus.ReasonPhrase(status));
}
