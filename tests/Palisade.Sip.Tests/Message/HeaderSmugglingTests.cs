using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

/// <summary>
/// Bytes a next hop could read as a line end must not pass inside a header value: a bare CR, or a NUL outside a
/// quoted string, is refused with 400 (a B2BUA copies untouched headers to the other leg byte for byte).
/// </summary>
public sealed class HeaderSmugglingTests
{
    private static SipParseError Parse(string extraHeader)
    {
        string text = "OPTIONS sip:ping@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKs1\r\n" + extraHeader +
                      "Max-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:ping@192.0.2.1>\r\nCall-ID: s1@y\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        SipParser.ParseDatagram(Encoding.Latin1.GetBytes(text), out SipParseError e);
        return e;
    }

    [Theory]
    [InlineData("X-A: 1\rContent-Length: 0\r\n")]
    [InlineData("X-A: 1\r\r\n")]
    [InlineData("X-A: a\0b\r\n")]
    public void Stray_control_bytes_are_refused(string header)
    {
        SipParseError e = Parse(header);
        Assert.Equal(ParseOutcome.Reply, e.Outcome);
        Assert.Equal(400, e.Status);
    }

    [Theory]
    [InlineData("X-A: folded\r\n  line\r\n")]
    [InlineData("Subject: \"quoted \\\0 nul\"\r\n")]
    public void Folding_and_quoted_pairs_are_still_accepted(string header)
        => Assert.Equal(ParseOutcome.Ok, Parse(header).Outcome);
}
