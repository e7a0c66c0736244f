using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class SipMessageWriterTests
{
    private static SipMessage Parse(string text)
    {
        SipMessage? m = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), out SipParseError error);
        Assert.True(error.Outcome == ParseOutcome.Ok, error.ToString());
        return m!;
    }

    private const string Request =
        "INVITE sip:bob@example.com SIP/2.0\r\n" +
        "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n" +
        "FROM:  \"Alice\"\r\n <sip:alice@example.com>;tag=1\r\n" +
        "t: <sip:bob@example.com>\r\n" +
        "i: call-1\r\n" +
        "CSEQ: 7 INVITE\r\n" +
        "X-Custom:   keep   spacing  \r\n" +
        "l: 0\r\n\r\n";

    [Fact]
    public void Copy_header_preserves_the_line_bytes()
    {
        SipMessage m = Parse(Request);
        using var w = new SipMessageWriter();
        foreach (HeaderField h in m.Headers)
        {
            if (h.Id != HeaderId.ContentLength)
                w.CopyHeader(m, h);
        }
        string expected = Request[Request.IndexOf("v:", StringComparison.Ordinal)..Request.IndexOf("l: 0", StringComparison.Ordinal)];
        Assert.Equal(expected, Encoding.UTF8.GetString(w.Written));
    }

    [Fact]
    public void Copy_header_normalises_bare_lf()
    {
        SipMessage m = Parse(Request.Replace("\r\n", "\n", StringComparison.Ordinal));
        using var w = new SipMessageWriter();
        w.CopyHeaders(m, HeaderId.From);
        Assert.Equal("FROM:  \"Alice\"\n <sip:alice@example.com>;tag=1\r\n", Encoding.UTF8.GetString(w.Written));
    }

    [Fact]
    public void Finish_computes_content_length_and_type()
    {
        using var w = new SipMessageWriter(16); // small on purpose: the buffer must grow
        w.RequestLine(SipMethod.Invite, "sip:bob@example.com")
            .Header(HeaderId.Via, "SIP/2.0/UDP a;branch=z9hG4bK2")
            .Header(HeaderId.From, "<sip:a@b>;tag=9"u8)
            .Header(HeaderId.To, "<sip:bob@example.com>")
            .Header(HeaderId.CallId, "c-2")
            .Header(HeaderId.CSeq, "1 INVITE")
            .Header(HeaderId.MaxForwards, 70)
            .Header("X-Test", "é");
        byte[] body = "v=0\r\n"u8.ToArray();
        string text = Encoding.UTF8.GetString(w.Finish(body, "application/sdp"));
        Assert.EndsWith("X-Test: é\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n", text, StringComparison.Ordinal);
        Assert.StartsWith("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK2\r\n", text, StringComparison.Ordinal);

        SipMessage m = Parse(text);
        Assert.Equal(5, m.BodyLength);
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal("application/sdp", m.ContentType);
        Assert.Equal(w.Written.ToArray(), w.ToArray());
    }

    [Fact]
    public void Finish_without_body_writes_zero_and_no_type()
    {
        using var w = new SipMessageWriter();
        w.StatusLine(200);
        string text = Encoding.UTF8.GetString(w.Finish(default, "application/sdp"));
        Assert.Equal("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", text);
    }

    [Fact]
    public void Request_line_from_bytes_and_status_line_with_reason()
    {
        using var w = new SipMessageWriter();
        w.RequestLine("NEWMETHOD"u8, "sip:a@b"u8).StatusLine(503, "Overloaded");
        Assert.Equal("NEWMETHOD sip:a@b SIP/2.0\r\nSIP/2.0 503 Overloaded\r\n", Encoding.UTF8.GetString(w.Written));
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var w = new SipMessageWriter();
        w.Append("x"u8);
        w.Dispose();
        w.Dispose();
        Assert.Equal(0, w.Written.Length);
    }

    [Fact]
    public void Warning_header_is_a_safe_quoted_string()
    {
        using var w = new SipMessageWriter();
        w.Warning("palisade", "bad \"quote\" \\ and\r\nnewline");
        Assert.Equal("Warning: 399 palisade \"bad 'quote' / and  newline\"\r\n", Encoding.UTF8.GetString(w.Written));
    }
}
