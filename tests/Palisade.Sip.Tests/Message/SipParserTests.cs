using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class SipParserTests
{
    private const string Options =
        "OPTIONS sip:sbc1.contoso.com:5061;transport=tls SIP/2.0\r\n" +
        "VIA: SIP/2.0/TLS 52.114.148.0:5061;branch=z9hG4bKopt1\r\n" +
        "MAX-FORWARDS: 70\r\n" +
        "FROM: <sip:sip-du-a-eu.pstnhub.microsoft.com:5061>;tag=f1\r\n" +
        "TO: <sip:sbc1.contoso.com>\r\n" +
        "CALL-ID: opt-1\r\n" +
        "CSEQ: 1 OPTIONS\r\n" +
        "SUPPORTED: timer, 100rel\r\n" +
        "X-MS-SBC: probe\r\n" +
        "CONTENT-LENGTH: 0\r\n\r\n";

    private static SipMessage? Parse(string text, out SipParseError error) => SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), out error);

    [Fact]
    public void Upper_case_teams_headers()
    {
        SipMessage? m = Parse(Options, out SipParseError error);
        Assert.Equal(SipParseError.None, error);
        Assert.Equal(SipMethod.Options, m!.Method);
        Assert.Equal("OPTIONS", m.MethodText);
        Assert.Equal("sbc1.contoso.com", m.RequestUri!.Host);
        Assert.Equal("sip:sbc1.contoso.com:5061;transport=tls", Encoding.ASCII.GetString(m.RequestUriBytes));
        Assert.Equal("opt-1", m.CallId);
        Assert.Equal(1u, m.CSeq);
        Assert.True(m.HasOptionTag(HeaderId.Supported, "100REL"u8));
        Assert.False(m.HasOptionTag(HeaderId.Supported, "replaces"u8));
        Assert.Equal("probe", Encoding.ASCII.GetString(m.GetValue(m.Headers[m.IndexOf("x-ms-sbc"u8)])));
        Assert.Equal(m.IndexOf(HeaderId.MaxForwards), m.IndexOf("Max-Forwards"u8));
        Assert.Equal(-1, m.IndexOf("X-Absent"u8));
        Assert.Null(m.GetValueText(HeaderId.Require));
        Assert.True(m.GetValue(HeaderId.Require).IsEmpty);
        Assert.Equal(Options, m.ToString());
    }

    [Fact]
    public void Framed_message_without_content_length_has_no_body()
    {
        string text = Options.Replace("CONTENT-LENGTH: 0\r\n", "", StringComparison.Ordinal) + "trailing";
        SipMessage? m = SipParser.ParseFramed(Encoding.UTF8.GetBytes(text), out SipParseError error);
        Assert.Equal(ParseOutcome.Ok, error.Outcome);
        Assert.Equal(0, m!.BodyLength);

        // On a datagram the body runs to the end (RFC 3261 §18.3).
        m = Parse(text, out error);
        Assert.Equal(ParseOutcome.Ok, error.Outcome);
        Assert.Equal("trailing", Encoding.ASCII.GetString(m!.Body));
    }

    [Fact]
    public void Response_takes_its_method_from_cseq()
    {
        SipMessage? m = Parse(
            "SIP/2.0 183 Session Progress\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n" +
            "To: <sip:c@d>;tag=2\r\nCall-ID: r\r\nCSeq: 5 INVITE\r\nContent-Length: 0\r\n\r\n", out SipParseError error);
        Assert.Equal(ParseOutcome.Ok, error.Outcome);
        Assert.Equal(183, m!.StatusCode);
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Null(m.RequestUri);
    }

    [Theory]
    [InlineData("", "start line")]
    [InlineData("\r\nOPTIONS sip:a@b SIP/2.0\r\n\r\n", "empty line")]
    [InlineData("hello world", "start line")]
    [InlineData("SIP/3.0 200 OK\r\n\r\n", "version")]
    [InlineData("SIP/2.0 20 OK\r\n\r\n", "three-digit")]
    [InlineData("SIP/2.0 099 Low\r\n\r\n", "100-699")]
    [InlineData("SIP/2.0 700 High\r\n\r\n", "100-699")]
    public void Dropped(string text, string fragment)
    {
        Assert.Null(Parse(text, out SipParseError error));
        Assert.Equal(ParseOutcome.Drop, error.Outcome);
        Assert.Contains(fragment, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MAX-FORWARDS: 70\r\n", "MAX-FORWARDS: x\r\n", "Max-Forwards")]
    [InlineData("CSEQ: 1 OPTIONS\r\n", "CSEQ: OPTIONS\r\n", "sequence number")]
    [InlineData("CSEQ: 1 OPTIONS\r\n", "CSEQ: 1 OPTIONS extra\r\n", "number method")]
    [InlineData("CALL-ID: opt-1\r\n", "CALL-ID: a b\r\n", "Call-ID")]
    [InlineData("CALL-ID: opt-1\r\n", "CALL-ID: a@\r\n", "Call-ID")]
    [InlineData("CALL-ID: opt-1\r\n", "", "Call-ID")]
    [InlineData("VIA: SIP/2.0/TLS 52.114.148.0:5061;branch=z9hG4bKopt1\r\n", "VIA: \r\n", "Via")]
    [InlineData("X-MS-SBC: probe\r\n", "Content-Type: sdp\r\n", "type/subtype")]
    [InlineData("X-MS-SBC: probe\r\n", "Contact: <sip:a@b>, <sip:c@d\r\n", "Contact")]
    [InlineData("X-MS-SBC: probe\r\n", "Route: <sip:a@b>;lr, \"x\r\n", "Route")]
    public void Replied_with_400(string find, string replace, string fragment)
    {
        SipMessage? m = Parse(Options.Replace(find, replace, StringComparison.Ordinal), out SipParseError error);
        Assert.Equal(ParseOutcome.Reply, error.Outcome);
        Assert.Equal(400, error.Status);
        Assert.Contains(fragment, error.Detail, StringComparison.Ordinal);
        Assert.NotNull(m);
    }

    [Fact]
    public void Http_request_is_refused_without_anything_to_answer_to()
    {
        // A 400 needs a Via to go anywhere (RFC 3261 §18.2.2); an HTTP probe has none, so the transport stays silent.
        SipMessage? m = Parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n", out SipParseError error);
        Assert.Equal(ParseOutcome.Reply, error.Outcome);
        Assert.Equal(-1, m!.IndexOf(HeaderId.Via));
    }

    [Fact]
    public void Contact_star_is_valid()
    {
        Parse(Options.Replace("X-MS-SBC: probe", "Contact: *", StringComparison.Ordinal), out SipParseError error);
        Assert.Equal(ParseOutcome.Ok, error.Outcome);
    }

    [Fact]
    public void Overlarge_max_forwards_is_treated_as_absent_and_leading_zeros_count()
    {
        Assert.Null(Parse(Options.Replace("MAX-FORWARDS: 70", "MAX-FORWARDS: 300", StringComparison.Ordinal), out _)!.MaxForwards);
        Assert.Equal(68, Parse(Options.Replace("MAX-FORWARDS: 70", "MAX-FORWARDS: 000068", StringComparison.Ordinal), out _)!.MaxForwards);
        Assert.Equal(0, Parse(Options.Replace("MAX-FORWARDS: 70", "MAX-FORWARDS: 000", StringComparison.Ordinal), out _)!.MaxForwards);
    }
}
