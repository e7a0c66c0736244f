using System.Text;
using Palisade.Sip.Sdp;

namespace Palisade.Sip.Tests.Sdp;

public sealed class SdpSessionTests
{
    internal const string TeamsOffer =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 52.114.148.0\r\n" +
        "s=session\r\n" +
        "c=IN IP4 52.114.148.0\r\n" +
        "b=CT:10000000\r\n" +
        "t=0 0\r\n" +
        "a=x-devicecaps:audio:send,recv;video:send,recv\r\n" +
        "m=audio 52884 RTP/SAVP 111 103 104 9 0 8 106 13 110 112 113 126\r\n" +
        "c=IN IP4 52.114.148.1\r\n" +
        "a=rtcp:52885\r\n" +
        "a=crypto:0 AES_CM_128_HMAC_SHA1_32 inline:Hr4D2cgUu9+Uza5Igz/JkVx59DAxDbaxJg862ibQ|2^31\r\n" +
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:JPEaIxHegfuv53ykBPZk8hV0GO8kTiiqRMfHimEE|2^31\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=fmtp:111 useinbandfec=1; usedtx=1\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=sendrecv\r\n" +
        "a=rtcp-mux\r\n" +
        "m=video 0 RTP/SAVP 122\r\n" +
        "a=inactive\r\n";

    private static SdpSession Parse(string text)
    {
        Assert.True(SdpSession.TryParse(text, out SdpSession? s, out SdpError error), error.ToString());
        return s!;
    }

    [Fact]
    public void Parses_the_model()
    {
        SdpSession s = Parse(TeamsOffer);
        Assert.Equal(0, s.Version);
        Assert.Equal(new SdpOrigin("-", "4611731400430051336", 2, "IN", "IP4", "52.114.148.0"), s.Origin);
        Assert.Equal("session", s.SessionName);
        Assert.Equal(SdpConnection.Ip4("52.114.148.0"), s.Connection);
        Assert.Equal([new SdpBandwidth("CT", 10000000)], s.Bandwidths);
        Assert.Equal([new SdpTiming(0, 0)], s.Timings);
        Assert.Equal("audio:send,recv;video:send,recv", s.GetAttribute("x-devicecaps"));
        Assert.Equal(2, s.Media.Count);

        SdpMedia audio = s.Media[0];
        Assert.Equal("audio", audio.MediaType);
        Assert.Equal(52884, audio.Port);
        Assert.Null(audio.PortCount);
        Assert.Equal("RTP/SAVP", audio.Proto);
        Assert.True(audio.IsSecureRtp);
        Assert.Equal(["111", "103", "104", "9", "0", "8", "106", "13", "110", "112", "113", "126"], audio.Formats);
        Assert.Equal(SdpConnection.Ip4("52.114.148.1"), audio.Connection);
        Assert.Equal(audio.Connection, s.GetConnection(audio));
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.GetRtpMap(111));
        Assert.Equal(new SdpRtpMap(0, "PCMU", 8000), audio.GetRtpMap(0));
        Assert.Null(audio.GetRtpMap(8));
        Assert.Equal("useinbandfec=1; usedtx=1", audio.GetFmtp("111")!.Parameters);
        Assert.Equal("0-16", audio.GetFmtp("101")!.Parameters);
        Assert.Null(audio.GetFmtp("10"));
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.HasAttribute("rtcp-mux"));
        Assert.Equal("52885", audio.GetAttribute("rtcp"));

        SdpCrypto[] cryptos = [.. audio.Cryptos];
        Assert.Equal(2, cryptos.Length);
        Assert.Equal(0u, cryptos[0].Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_32", cryptos[0].Suite);
        Assert.Equal("inline:Hr4D2cgUu9+Uza5Igz/JkVx59DAxDbaxJg862ibQ|2^31", cryptos[0].KeyParams);
        Assert.Empty(cryptos[0].SessionParams);

        SdpMedia video = s.Media[1];
        Assert.True(video.IsRejected);
        Assert.Null(video.Connection);
        Assert.Equal(s.Connection, s.GetConnection(video));
        Assert.Equal(SdpDirection.Inactive, s.GetDirection(video));
    }

    [Fact]
    public void Writes_back_what_it_read()
    {
        Assert.Equal(TeamsOffer, Parse(TeamsOffer).ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(TeamsOffer), SdpSession.Parse(Encoding.UTF8.GetBytes(TeamsOffer)).ToBytes());
        string lf = TeamsOffer.Replace("\r\n", "\n", StringComparison.Ordinal);
        SdpSession s = Parse(lf);
        Assert.Equal("\n", s.LineEnding);
        Assert.Equal(lf, s.ToString());
    }

    [Fact]
    public void Rewrites_for_media_anchoring()
    {
        SdpSession s = Parse(TeamsOffer);
        s.Origin = s.Origin! with { SessionVersion = s.Origin.SessionVersion + 1, Address = "198.51.100.10" };
        s.Connection = SdpConnection.Ip4("198.51.100.10");
        SdpMedia audio = s.Media[0];
        audio.Port = 40000;
        audio.Connection = null;
        audio.Proto = "RTP/AVP";
        audio.SetCryptos([]);
        audio.RemoveFormat("111");
        audio.SetRtpMap(new SdpRtpMap(0, "PCMU", 8000));
        audio.SetRtpMap(new SdpRtpMap(8, "PCMA", 8000));
        audio.SetFmtp(new SdpFmtp("101", "0-15"));
        audio.Direction = SdpDirection.SendOnly;
        audio.SetAttribute("rtcp", "40001");
        audio.RemoveAttributes("rtcp-mux");
        string text = s.ToString();

        Assert.Contains("o=- 4611731400430051336 3 IN IP4 198.51.100.10\r\n", text, StringComparison.Ordinal);
        Assert.Contains("m=audio 40000 RTP/AVP 103 104 9 0 8 106 13 110 112 113 126\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("crypto", text, StringComparison.Ordinal);
        Assert.DoesNotContain("opus", text, StringComparison.Ordinal);
        Assert.DoesNotContain("52.114.148", text, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:8 PCMA/8000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:101 0-15\r\na=sendonly\r\n", text, StringComparison.Ordinal);
        SdpSession again = Parse(text);
        Assert.Equal(SdpDirection.SendOnly, again.Media[0].Direction);
        Assert.Equal("40001", again.Media[0].GetAttribute("rtcp"));
        Assert.Equal(text, again.ToString());
    }

    [Fact]
    public void Inserts_missing_lines_in_rfc_order()
    {
        SdpSession s = Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        s.Connection = SdpConnection.Ip6("2001:db8::1");
        s.Media[0].Connection = SdpConnection.Ip4("192.0.2.9");
        s.Media[0].Direction = SdpDirection.RecvOnly;
        s.AddAttribute("ice-lite");
        s.SessionName = "Palisade";
        Assert.Equal(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=Palisade\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\na=ice-lite\r\n" +
            "m=audio 9 RTP/AVP 0\r\nc=IN IP4 192.0.2.9\r\na=rtpmap:0 PCMU/8000\r\na=recvonly\r\n", s.ToString());
        s.Media[0].Direction = null;
        Assert.Equal(SdpDirection.SendRecv, s.GetDirection(s.Media[0]));
    }

    [Fact]
    public void Crypto_lines_per_rfc4568()
    {
        SdpCrypto c = SdpCrypto.TryParse("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 FEC_ORDER=FEC_SRTP")!;
        Assert.Equal(1u, c.Tag);
        Assert.Equal(["FEC_ORDER=FEC_SRTP"], c.SessionParams);
        Assert.True(c.TryGetInlineKey(out string key, out string? lifetime, out string? mki));
        Assert.Equal("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", key);
        Assert.Equal("2^20", lifetime);
        Assert.Equal("1:4", mki);

        SdpCrypto noLifetime = SdpCrypto.TryParse("1 AES_CM_128_HMAC_SHA1_80 inline:YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2|1066:4")!;
        Assert.True(noLifetime.TryGetInlineKey(out _, out lifetime, out mki));
        Assert.Null(lifetime);
        Assert.Equal("1066:4", mki);

        Assert.Null(SdpCrypto.TryParse("x AES inline:k"));
        Assert.Null(SdpCrypto.TryParse("1234567890 AES inline:k"));
        Assert.Null(SdpCrypto.TryParse("1 AES"));
        Assert.False(SdpCrypto.TryParse("1 AES keyfile:x")!.TryGetInlineKey(out _, out _, out _));
        Assert.Equal("1 AES_CM_128_HMAC_SHA1_80 inline:k|2^31 UNENCRYPTED_SRTCP", SdpCrypto.TryParse("1  AES_CM_128_HMAC_SHA1_80 inline:k|2^31 UNENCRYPTED_SRTCP")!.ToString());
    }

    [Fact]
    public void Sdes_example_lines_match_their_decoded_values()
    {
        string[] lines = File.ReadAllLines(Corpus.TestData.PathOf("sdes-rfc4568-examples", "sdes_crypto_lines.txt"));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Corpus.TestData.PathOf("sdes-rfc4568-examples", "sdes_crypto_lines.decoded.json")));
        var expected = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("line").GetString()!);
        int checkedLines = 0;
        foreach (string line in lines.Where(l => l.StartsWith("a=crypto:", StringComparison.Ordinal)))
        {
            SdpCrypto c = SdpCrypto.TryParse(line["a=crypto:".Length..])!;
            Assert.NotNull(c);
            Assert.True(c.TryGetInlineKey(out string key, out string? lifetime, out string? mki));
            Assert.Equal(30, Convert.FromBase64String(key).Length);
            if (expected.TryGetValue(line, out var e))
            {
                Assert.Equal(e.GetProperty("tag").GetUInt32(), c.Tag);
                Assert.Equal(e.GetProperty("suite").GetString(), c.Suite);
                Assert.Equal(e.GetProperty("key_salt_b64").GetString(), key);
                Assert.Equal(e.GetProperty("lifetime").GetString(), lifetime);
                Assert.Equal(e.GetProperty("mki").GetString(), mki);
                string? session = e.GetProperty("session_params").GetString();
                Assert.Equal(session is null ? [] : session.Split(' '), c.SessionParams);
                checkedLines++;
            }
        }
        Assert.True(checkedLines >= 10, checkedLines + " lines checked");
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("o=- 1 1 IN IP4 a\r\n", 1, "starts with v=0")]
    [InlineData("v=1\r\n", 1, "starts with v=0")]
    [InlineData("v=0\r\no=- 1 IN IP4 a\r\ns=-\r\n", 2, "o= is not")]
    [InlineData("v=0\r\no=- x 1 IN IP4 a\r\ns=-\r\n", 2, "o= is not")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4\r\n", 4, "c= is not")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nb=AS\r\n", 4, "b= is not")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0\r\n", 4, "t= is not")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nm =video 3227 RTP/AVP 31\r\n", 4, "expected '<type>=<value>'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nM=audio 1 RTP/AVP 0\r\n", 4, "lower-case")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nm=audio x RTP/AVP 0\r\n", 4, "m= is not")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n", 4, "m= is not")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\nt=0 0\r\n", 5, "session part")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\na=\r\n", 4, "attribute name")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\n\r\ns=-\r\n", 3, "empty line")]
    [InlineData("v=0\r\ns=-\r\n", 0, "o=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\n", 0, "s=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\ns=x\r\n", 0, "more than once")]
    [InlineData("v=0\r\ntesting=123\r\n", 2, "expected")]
    public void Malformed_sdp_names_the_line(string text, int line, string fragment)
    {
        Assert.False(SdpSession.TryParse(text, out SdpSession? s, out SdpError error));
        Assert.Null(s);
        Assert.Equal(line, error.Line);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        FormatException e = Assert.Throws<FormatException>(() => SdpSession.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.StartsWith(line > 0 ? $"SDP line {line}: " : "SDP: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Liberal_forms()
    {
        // Empty s= (RFC 5118 §4.8), no t=, a port count, trailing empty lines and no final line end.
        SdpSession s = Parse("v=0\no=bob 1 2 IN IP4 h\ns=\nm=audio 49170/2 RTP/AVP 0\n\n");
        Assert.Equal("", s.SessionName);
        Assert.Equal(2, s.Media[0].PortCount);
        Assert.Empty(s.Timings);
        Assert.Equal("m=audio 49170/2 RTP/AVP 0", Parse("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nm=audio 49170/2 RTP/AVP 0").ToString().Split("\r\n")[3]);
    }
}
