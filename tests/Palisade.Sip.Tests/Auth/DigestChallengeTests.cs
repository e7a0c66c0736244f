using System.Text;
using Palisade.Sip.Auth;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Auth;

public sealed class DigestChallengeTests
{
    private static DigestChallenge Parse(string value)
    {
        Assert.True(DigestChallenge.TryParse(Encoding.UTF8.GetBytes(value), out DigestChallenge? c, out string? error), error);
        return c!;
    }

    private static SipMessage Response(int status, params string[] authHeaders)
    {
        var sb = new StringBuilder();
        sb.Append("SIP/2.0 ").Append(status).Append(status == 401 ? " Unauthorized\r\n" : " Proxy Authentication Required\r\n");
        sb.Append("Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1;received=192.0.2.10\r\n");
        sb.Append("From: <sip:+14255550199@sbc.example.net>;tag=f1\r\n");
        sb.Append("To: <sip:+14255550100@carrier.example.com>;tag=t1\r\n");
        sb.Append("Call-ID: auth-1@192.0.2.10\r\n");
        sb.Append("CSeq: 1 INVITE\r\n");
        foreach (string h in authHeaders)
            sb.Append(h).Append("\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        SipMessage? m = SipParser.ParseDatagram(Encoding.ASCII.GetBytes(sb.ToString()), out SipParseError e);
        Assert.True(e.Outcome == ParseOutcome.Ok, e.Detail);
        return m!;
    }

    [Fact]
    public void Typical_sip_challenge()
    {
        DigestChallenge c = Parse("Digest realm=\"carrier.example.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", " +
            "opaque=\"\", stale=FALSE, algorithm=MD5, qop=\"auth\"");
        Assert.Equal("carrier.example.com", c.Realm);
        Assert.Equal("ea9c8e88df84f1cec4341ae6cbe5a359", c.Nonce);
        Assert.Equal("", c.Opaque);
        Assert.False(c.Stale);
        Assert.Equal(DigestAlgorithm.Md5, c.Algorithm);
        Assert.Equal("MD5", c.AlgorithmText);
        Assert.Equal(DigestQop.Auth, c.Qop);
        Assert.True(c.QopOffered);
        Assert.False(c.IsProxy);
        Assert.True(c.IsSupported);
    }

    [Fact]
    public void Odd_but_legal_spelling()
    {
        // Lower-case scheme, parameters in any order and case, LWS around "=" and ",", a folded line, an escaped
        // quote and backslash in the realm, an unquoted algorithm in lower case, empty list elements.
        DigestChallenge c = Parse("digest  QOP = \"auth-int , auth\" ,,algorithm = sha-256,\r\n\tNonce=\"abc\" , " +
            "REALM = \"sip \\\"pbx\\\" \\\\ east\", stale = \"TRUE\" , domain=\"sip:a.example sip:b.example\"");
        Assert.Equal("sip \"pbx\" \\ east", c.Realm);
        Assert.Equal("abc", c.Nonce);
        Assert.Equal(DigestAlgorithm.Sha256, c.Algorithm);
        Assert.Equal(DigestQop.Auth | DigestQop.AuthInt, c.Qop);
        Assert.True(c.Stale);
        Assert.Equal("sip:a.example sip:b.example", c.Domain);
        Assert.Null(c.Opaque);
    }

    [Fact]
    public void Absent_algorithm_means_md5_and_is_not_echoed()
    {
        DigestChallenge c = Parse("Digest realm=\"r\", nonce=\"n\"");
        Assert.Equal(DigestAlgorithm.Md5, c.Algorithm);
        Assert.Null(c.AlgorithmText);
        Assert.False(c.QopOffered);
        Assert.True(c.IsSupported);
    }

    [Fact]
    public void Lenient_forms_seen_in_the_wild()
    {
        // Quoted algorithm, unquoted qop and an unquoted base64 nonce.
        DigestChallenge c = Parse("Digest realm=r.example, nonce=Zm9v+/bar==, algorithm=\"SHA-512-256\", qop=auth");
        Assert.Equal("r.example", c.Realm);
        Assert.Equal("Zm9v+/bar==", c.Nonce);
        Assert.Equal(DigestAlgorithm.Sha512t256, c.Algorithm);
        Assert.Equal(DigestQop.Auth, c.Qop);
    }

    [Fact]
    public void Folded_quoted_string_is_unfolded()
    {
        DigestChallenge c = Parse("Digest realm=\"long\r\n realm\", nonce=\"n\"");
        Assert.Equal("long realm", c.Realm);
    }

    [Theory]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-999, qop=\"auth\"")] // unknown algorithm
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess")] // -sess needs a cnonce, which needs qop
    [InlineData("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"")] // no qop we know
    public void Parses_but_is_not_supported(string value)
    {
        Assert.False(Parse(value).IsSupported);
    }

    [Theory]
    [InlineData("Basic realm=\"r\"", "not a Digest challenge")]
    [InlineData("", "auth-scheme")]
    [InlineData("Digest", "no realm")]
    [InlineData("Digest realm=\"r\"", "no nonce")]
    [InlineData("Digest realm=\"r\", nonce=\"\"", "no nonce")]
    [InlineData("Digest nonce=\"n\"", "no realm")]
    [InlineData("Digest realm=\"r\", realm=\"s\", nonce=\"n\"", "appears twice")]
    [InlineData("Digest realm=\"r, nonce=n", "quoted string")]
    [InlineData("Digest realm=\"r\" nonce=\"n\"", "after parameter 'realm'")]
    [InlineData("Digest realm=\"r\", nonce", "has no value")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", Basic realm=\"x\"", "one challenge per header")]
    [InlineData("Digest realm=, nonce=\"n\"", "invalid value")]
    [InlineData("Digest realm=\"r\", nonce=\"a\u0001b\"", "quoted string")]
    [InlineData("Digest=\"r\"", "auth-scheme")]
    [InlineData("Digest realm=\"\\\u0001\", nonce=\"n\"", "realm")]
    public void Malformed_challenges_are_rejected_with_a_reason(string value, string reasonFragment)
    {
        Assert.False(DigestChallenge.TryParse(Encoding.UTF8.GetBytes(value), out DigestChallenge? c, out string? error));
        Assert.Null(c);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Contains(reasonFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_utf8_value_is_rejected()
    {
        byte[] value = [.. "Digest realm=\""u8, 0xE9, .. "\", nonce=\"n\""u8];
        Assert.False(DigestChallenge.TryParse(value, out _, out string? error));
        Assert.Contains("realm", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Selects_sha256_over_md5_whatever_the_order()
    {
        SipMessage r = Response(401,
            "WWW-Authenticate: Digest realm=\"carrier.example.com\", nonce=\"md5nonce\", algorithm=MD5, qop=\"auth\"",
            "WWW-Authenticate: Digest realm=\"carrier.example.com\", nonce=\"shanonce\", algorithm=SHA-256, qop=\"auth\"");
        DigestChallenge? best = DigestChallenge.SelectBest(r, proxy: false);
        Assert.NotNull(best);
        Assert.Equal(DigestAlgorithm.Sha256, best.Algorithm);
        Assert.Equal("shanonce", best.Nonce);
        Assert.False(best.IsProxy);
    }

    [Fact]
    public void Selects_sha512_256_first_then_sha256_then_md5_skipping_what_it_cannot_answer()
    {
        SipMessage r = Response(401,
            "WWW-Authenticate: Basic realm=\"carrier\"",
            "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\"",
            "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n2\", algorithm=SHA-512-256, qop=\"auth\"",
            "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n3\", algorithm=SHA3-512, qop=\"auth\"",
            "WWW-Authenticate: Digest realm=\"carrier\" garbage",
            "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n4\"");
        Assert.Equal("n2", DigestChallenge.SelectBest(r, proxy: false)!.Nonce);
    }

    [Fact]
    public void Equal_strength_keeps_the_topmost()
    {
        // RFC 8760 §2.3: the server lists its preferred challenge first.
        SipMessage r = Response(401,
            "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"first\", algorithm=SHA-256-sess, qop=\"auth\"",
            "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"second\", algorithm=SHA-256, qop=\"auth\"");
        Assert.Equal("first", DigestChallenge.SelectBest(r, proxy: false)!.Nonce);
    }

    [Fact]
    public void Proxy_challenges_come_from_proxy_authenticate()
    {
        SipMessage r = Response(407,
            "Proxy-Authenticate: Digest realm=\"proxy.example.com\", nonce=\"pn\", algorithm=MD5, qop=\"auth\"");
        Assert.Null(DigestChallenge.SelectBest(r, proxy: false));
        DigestChallenge? c = DigestChallenge.SelectBest(r, proxy: true);
        Assert.NotNull(c);
        Assert.True(c.IsProxy);
        Assert.Equal("proxy.example.com", c.Realm);
    }

    [Fact]
    public void No_usable_challenge_gives_null()
    {
        SipMessage r = Response(401,
            "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n\", algorithm=SHA-999",
            "WWW-Authenticate: Negotiate");
        Assert.Null(DigestChallenge.SelectBest(r, proxy: false));
    }
}
