using System.Text;
using System.Text.RegularExpressions;
using Palisade.Sip.Message;
using Palisade.Sip.Sdp;
using Xunit.Abstractions;

namespace Palisade.Sip.Tests.Corpus;

/// <summary>SDP bodies of the shared corpora: parse, write back, compare (RFC 8866).</summary>
public sealed partial class SdpCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Rfc4475_sdp_bodies_round_trip()
    {
        int count = 0;
        foreach (string path in Directory.GetFiles(TestData.PathOf("rfc4475"), "*.dat"))
        {
            SipMessage? m = SipParser.ParseDatagram(File.ReadAllBytes(path), out SipParseError error);
            if (error.Outcome != ParseOutcome.Ok || m!.ContentType != "application/sdp" || m.BodyLength == 0)
                continue;
            Assert.True(SdpSession.TryParse(m.Body, out SdpSession? sdp, out SdpError e), Path.GetFileName(path) + ": " + e);
            Assert.Equal(Encoding.UTF8.GetString(m.Body), sdp!.ToString());
            Assert.NotEmpty(sdp.Media);
            count++;
        }
        output.WriteLine(count + " RFC 4475 SDP bodies round-tripped");

        SdpSession wsinv = SdpSession.Parse(Rfc4475Tests.ParseOk("wsinv.dat").Body);
        Assert.Equal(["audio", "video"], wsinv.Media.Select(m => m.MediaType));
        Assert.Equal(["0", "12"], wsinv.Media[0].Formats);
        Assert.Null(wsinv.Media[1].GetRtpMap(31)); // "a=rtpmap:31 LPC" has no clock rate: kept as a line, not a valid rtpmap
        Assert.Equal("31 LPC", wsinv.Media[1].GetAttribute("rtpmap"));
        Assert.True(count >= 8);
    }

    [Theory]
    [InlineData("ipv6-in-sdp")]
    [InlineData("mult-ip-in-sdp")]
    [InlineData("ipv4-mapped-ipv6")]
    public void Rfc5118_sdp_bodies_round_trip(string file)
    {
        foreach (bool crlf in new[] { false, true })
        {
            SipMessage m = Rfc5118Tests.ParseOk(file, crlf);
            Assert.True(SdpSession.TryParse(m.Body, out SdpSession? sdp, out SdpError e), e.ToString());
            Assert.Equal(Encoding.UTF8.GetString(m.Body), sdp!.ToString());
            Assert.Equal(crlf ? "\r\n" : "\n", sdp.LineEnding);
        }
    }

    [Fact]
    public void Rfc5118_ipv6_connections()
    {
        SdpSession s = SdpSession.Parse(Rfc5118Tests.ParseOk("ipv6-in-sdp").Body);
        Assert.Equal(SdpConnection.Ip6("2001:db8::20"), s.Connection);
        Assert.True(s.Connection!.IsIp6);
        Assert.Equal("2001:db8::20", s.Origin!.Address);
        Assert.Equal("IP6", s.Origin.AddrType);
        Assert.Equal(new SdpTiming(3338481189, 3370017201), s.Timings.Single());

        SdpSession multi = SdpSession.Parse(Rfc5118Tests.ParseOk("mult-ip-in-sdp").Body);
        Assert.Equal("", multi.SessionName);
        Assert.Null(multi.Connection);
        Assert.Equal(SdpConnection.Ip4("192.0.2.1"), multi.GetConnection(multi.Media[0]));
        Assert.Equal(SdpConnection.Ip6("2001:db8::1"), multi.GetConnection(multi.Media[1]));
        Assert.Equal(new SdpRtpMap(107, "H263-1998", 90000), multi.Media[1].GetRtpMap(107));

        SdpSession mapped = SdpSession.Parse(Rfc5118Tests.ParseOk("ipv4-mapped-ipv6").Body);
        Assert.Equal("::ffff:192.0.2.2", mapped.Connection!.Address);
    }

    /// <summary>
    /// Microsoft's Direct Routing media examples are media sections only (../shared/testdata/teams-direct-routing);
    /// each fenced block starting with m= is put behind a minimal session part and must come back unchanged.
    /// </summary>
    [Fact]
    public void Teams_media_examples_round_trip()
    {
        string doc = File.ReadAllText(TestData.PathOf("teams-direct-routing", "ms-docs-direct-routing-sip-and-media-examples.md"));
        const string head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";
        var blocks = FencedBlock().Matches(doc).Select(m => m.Groups[1].Value).Where(b => b.StartsWith("m=", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, blocks.Count);
        foreach (string block in blocks)
        {
            string text = head + block.Replace("\n", "\r\n", StringComparison.Ordinal);
            SdpSession s = SdpSession.Parse(Encoding.UTF8.GetBytes(text));
            Assert.Equal(text, s.ToString());
            SdpMedia audio = Assert.Single(s.Media);
            Assert.Equal("audio", audio.MediaType);
            Assert.True(audio.IsSecureRtp);
            Assert.NotEmpty(audio.Cryptos);
            foreach (SdpCrypto c in audio.Cryptos)
            {
                Assert.StartsWith("AES_CM_128_HMAC_SHA1_", c.Suite, StringComparison.Ordinal);
                Assert.True(c.TryGetInlineKey(out string key, out string? lifetime, out _));
                Assert.Equal(30, Convert.FromBase64String(key).Length);
                Assert.Equal("2^31", lifetime);
            }
        }

        // The bypass offer: UDP/TLS/RTP/SAVP with DTLS fingerprint; the answer carries a stray "description" format as published.
        SdpSession bypass = SdpSession.Parse(Encoding.UTF8.GetBytes(head + blocks[0].Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal("UDP/TLS/RTP/SAVP", bypass.Media[0].Proto);
        Assert.Equal("actpass", bypass.Media[0].GetAttribute("setup"));
        Assert.Contains("description", SdpSession.Parse(Encoding.UTF8.GetBytes(head + blocks[1].Replace("\n", "\r\n", StringComparison.Ordinal))).Media[0].Formats);
        SdpCrypto withMki = SdpSession.Parse(Encoding.UTF8.GetBytes(head + blocks[1].Replace("\n", "\r\n", StringComparison.Ordinal))).Media[0].Cryptos.First();
        Assert.True(withMki.TryGetInlineKey(out _, out _, out string? mki));
        Assert.Equal("1:1", mki);
    }

    [Fact]
    public void Protos_sdp_bodies_never_throw()
    {
        int parsed = 0, refused = 0;
        for (int i = 0; i < 4527; i++)
        {
            SipMessage? m = SipParser.ParseDatagram(ProtosTests.LoadInvite(i), out SipParseError error);
            if (error.Outcome != ParseOutcome.Ok || m!.BodyLength == 0)
                continue;
            if (SdpSession.TryParse(m.Body, out SdpSession? sdp, out SdpError e))
            {
                parsed++;
                _ = sdp!.ToString();
                foreach (SdpMedia media in sdp.Media)
                    _ = media.RtpMaps.Count();
            }
            else
            {
                refused++;
                Assert.False(string.IsNullOrEmpty(e.Message));
            }
        }
        output.WriteLine($"PROTOS SDP bodies: {parsed} parsed, {refused} refused with a line and reason");
        Assert.True(parsed > 0 && refused > 0);

        SipMessage valid = SipParser.ParseDatagram(ProtosTests.LoadInvite(0), out _)!;
        Assert.Equal(Encoding.UTF8.GetString(valid.Body), SdpSession.Parse(valid.Body).ToString());
    }

    [GeneratedRegex("```[a-z]*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
