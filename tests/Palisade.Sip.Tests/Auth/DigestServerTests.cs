using System.Text;
using Palisade.Sip.Auth;
using Palisade.Sip.Message;
using Palisade.Testing;

namespace Palisade.Sip.Tests.Auth;

public sealed class DigestServerTests
{
    private const string Realm = "sbc.example.net";
    private const string RequestUri = "sip:+14255550100@sbc.example.net";
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly DigestCredentials Trunk = new("trunk1", "s3cret");

    private readonly FakeClock _clock = new();

    private DigestServer Server() => new(Realm, Key, _clock, Lifetime);

    private static string? Passwords(string user) => user == "trunk1" ? "s3cret" : null;

    /// <summary>An inbound INVITE from the trunk, optionally with extra header lines (credentials).</summary>
    private static SipMessage Request(params string[] extra)
    {
        var sb = new StringBuilder();
        sb.Append("INVITE ").Append(RequestUri).Append(" SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKt1\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: <sip:+14255550199@carrier.example.com>;tag=c1\r\n");
        sb.Append("To: <sip:+14255550100@sbc.example.net>\r\n");
        sb.Append("Call-ID: in-1@198.51.100.7\r\n");
        sb.Append("CSeq: 1 INVITE\r\n");
        foreach (string line in extra)
            sb.Append(line).Append("\r\n");
        sb.Append("Content-Type: application/sdp\r\n");
        sb.Append("Content-Length: 10\r\n\r\nv=0\r\no=-\r\n");
        return Parse(sb.ToString());
    }

    private static SipMessage Parse(string text)
    {
        SipMessage? m = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), out SipParseError e);
        Assert.True(e.Outcome == ParseOutcome.Ok, e.Detail);
        return m!;
    }

    private static DigestChallenge ParseChallenge(string value, bool proxy = false)
    {
        Assert.True(DigestChallenge.TryParse(Encoding.UTF8.GetBytes(value), proxy, out DigestChallenge? c, out string? error), error);
        return c!;
    }

    /// <summary>What the trunk sends after the challenge: the same INVITE retried with its credentials.</summary>
    private static SipMessage Answer(string challengeValue, DigestCredentials credentials, bool proxy = false)
    {
        DigestChallenge challenge = ParseChallenge(challengeValue, proxy);
        return Parse(Encoding.UTF8.GetString(AuthorizedRequest.Create(Request(), challenge, credentials, 2, "z9hG4bKt2")));
    }

    private static string AuthorizationValue(string challengeValue, DigestCredentials credentials, string uri = RequestUri) =>
        DigestAuthenticator.CreateAuthorization("INVITE", uri, ParseChallenge(challengeValue), credentials, 1, "0a4f113b", "v=0\r\no=-\r\n"u8);

    [Theory]
    [InlineData(DigestAlgorithm.Md5)]
    [InlineData(DigestAlgorithm.Md5Sess)]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha256Sess)]
    [InlineData(DigestAlgorithm.Sha512t256)]
    [InlineData(DigestAlgorithm.Sha512t256Sess)]
    public void Response_from_the_authenticator_verifies(DigestAlgorithm algorithm)
    {
        DigestServer server = Server();
        DigestVerification v = server.Verify(Answer(server.CreateChallenge(algorithm), Trunk), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Ok, v.Outcome);
        Assert.True(v.IsOk);
        Assert.Equal("trunk1", v.Username);
        Assert.Null(v.Reason);
    }

    [Fact]
    public void End_to_end_two_challenges_the_client_picks_sha256_and_the_server_accepts_it()
    {
        // The server offers SHA-256 first and MD5 for older trunks (RFC 8760 §2.3); the client picks SHA-256.
        DigestServer server = Server();
        string response401 =
            "SIP/2.0 401 Unauthorized\r\n" +
            "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKt1\r\n" +
            "From: <sip:+14255550199@carrier.example.com>;tag=c1\r\n" +
            "To: <sip:+14255550100@sbc.example.net>;tag=s1\r\n" +
            "Call-ID: in-1@198.51.100.7\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "WWW-Authenticate: " + server.CreateChallenge(DigestAlgorithm.Sha256) + "\r\n" +
            "WWW-Authenticate: " + server.CreateChallenge(DigestAlgorithm.Md5) + "\r\n" +
            "Content-Length: 0\r\n\r\n";
        DigestChallenge? best = DigestChallenge.SelectBest(Parse(response401), proxy: false);
        Assert.Equal(DigestAlgorithm.Sha256, best!.Algorithm);
        SipMessage retry = Parse(Encoding.UTF8.GetString(AuthorizedRequest.Create(Request(), best, Trunk, 2, "z9hG4bKt2")));
        Assert.Equal(DigestOutcome.Ok, server.Verify(retry, proxy: false, Passwords).Outcome);
    }

    [Fact]
    public void Challenge_is_well_formed_and_each_nonce_is_new()
    {
        DigestServer server = Server();
        string value = server.CreateChallenge();
        Assert.StartsWith("Digest realm=\"sbc.example.net\", nonce=\"", value, StringComparison.Ordinal);
        Assert.EndsWith("\", algorithm=SHA-256, qop=\"auth\"", value, StringComparison.Ordinal);
        DigestChallenge c = ParseChallenge(value);
        Assert.Equal(Realm, c.Realm);
        Assert.Equal(DigestAlgorithm.Sha256, c.Algorithm);
        Assert.Equal(DigestQop.Auth, c.Qop);
        Assert.False(c.Stale);
        Assert.Equal(64, c.Nonce.Length);
        Assert.NotEqual(c.Nonce, ParseChallenge(server.CreateChallenge()).Nonce);
        Assert.True(ParseChallenge(server.CreateChallenge(DigestAlgorithm.Md5, stale: true)).Stale);
        Assert.Throws<ArgumentOutOfRangeException>(() => server.CreateChallenge(DigestAlgorithm.Unknown));
    }

    [Fact]
    public void Flipped_character_in_the_response_fails()
    {
        DigestServer server = Server();
        string text = Encoding.UTF8.GetString(Answer(server.CreateChallenge(), Trunk).Bytes);
        int at = text.IndexOf("response=\"", StringComparison.Ordinal) + "response=\"".Length;
        char flipped = text[at] == '0' ? '1' : '0';
        SipMessage tampered = Parse(string.Concat(text.AsSpan(0, at), flipped.ToString(), text.AsSpan(at + 1)));
        DigestVerification v = server.Verify(tampered, proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Invalid, v.Outcome);
        Assert.Contains("wrong response", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Upper_case_response_hex_is_accepted()
    {
        DigestServer server = Server();
        string challenge = server.CreateChallenge();
        DigestAuthorization a = ParseAuthorization(AuthorizationValue(challenge, Trunk));
        string value = AuthorizationValue(challenge, Trunk).Replace(a.Response, a.Response.ToUpperInvariant(), StringComparison.Ordinal);
        Assert.Equal(DigestOutcome.Ok, server.Verify(Request("Authorization: " + value), proxy: false, Passwords).Outcome);
    }

    [Fact]
    public void Wrong_password_fails()
    {
        DigestServer server = Server();
        DigestVerification v = server.Verify(Answer(server.CreateChallenge(), new DigestCredentials("trunk1", "guess")), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Invalid, v.Outcome);
        Assert.Equal("trunk1", v.Username);
        Assert.Contains("wrong response", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_user_fails()
    {
        DigestServer server = Server();
        DigestVerification v = server.Verify(Answer(server.CreateChallenge(), new DigestCredentials("mallory", "s3cret")), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Invalid, v.Outcome);
        Assert.Equal("unknown user", v.Reason);
    }

    [Fact]
    public void Expired_nonce_with_right_credentials_is_stale_and_with_wrong_ones_invalid()
    {
        DigestServer server = Server();
        string challenge = server.CreateChallenge();
        SipMessage good = Answer(challenge, Trunk);
        SipMessage bad = Answer(challenge, new DigestCredentials("trunk1", "guess"));

        _clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(DigestOutcome.Ok, server.Verify(good, proxy: false, Passwords).Outcome);

        _clock.Advance(TimeSpan.FromSeconds(2));
        DigestVerification stale = server.Verify(good, proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Stale, stale.Outcome);
        Assert.Equal("trunk1", stale.Username);
        // RFC 2617 §3.2.1: stale=true only when the digest itself was right.
        Assert.Equal(DigestOutcome.Invalid, server.Verify(bad, proxy: false, Passwords).Outcome);

        // The stale answer's fresh challenge works again.
        Assert.Equal(DigestOutcome.Ok, server.Verify(Answer(server.CreateChallenge(stale: true), Trunk), proxy: false, Passwords).Outcome);
    }

    [Fact]
    public void Nonce_replay_within_its_lifetime_is_accepted()
    {
        // Documented limitation: nc is not tracked, the nonce is stateless.
        DigestServer server = Server();
        SipMessage request = Answer(server.CreateChallenge(), Trunk);
        Assert.Equal(DigestOutcome.Ok, server.Verify(request, proxy: false, Passwords).Outcome);
        Assert.Equal(DigestOutcome.Ok, server.Verify(request, proxy: false, Passwords).Outcome);
    }

    [Fact]
    public void Forged_nonces_are_invalid_even_with_a_matching_digest()
    {
        DigestServer server = Server();
        string challenge = server.CreateChallenge();
        string nonce = ParseChallenge(challenge).Nonce;
        byte[] raw = Convert.FromBase64String(nonce);

        // A later timestamp to stretch the lifetime, a flipped MAC bit, another server's key, and plain junk: the
        // client computes a correct digest for each, and each is refused for its nonce.
        byte[] laterStamp = (byte[])raw.Clone();
        laterStamp[7] ^= 0x40;
        byte[] flippedMac = (byte[])raw.Clone();
        flippedMac[^1] ^= 0x01;
        string otherKey = ParseChallenge(new DigestServer(Realm, new byte[32], _clock, Lifetime).CreateChallenge()).Nonce;
        foreach (string forged in new[] { Convert.ToBase64String(laterStamp), Convert.ToBase64String(flippedMac), otherKey, "dcd98b7102dd2f0e8b11d0f600bfb0c093" })
        {
            DigestVerification v = server.Verify(Answer(challenge.Replace(nonce, forged, StringComparison.Ordinal), Trunk), proxy: false, Passwords);
            Assert.Equal(DigestOutcome.Invalid, v.Outcome);
            Assert.Contains("nonce", v.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Nonce_is_bound_to_its_algorithm_and_realm()
    {
        DigestServer server = Server();
        // A SHA-256 nonce answered with MD5 (a downgrade) is refused.
        string downgraded = server.CreateChallenge(DigestAlgorithm.Sha256).Replace("algorithm=SHA-256", "algorithm=MD5", StringComparison.Ordinal);
        Assert.Equal(DigestOutcome.Invalid, server.Verify(Answer(downgraded, Trunk), proxy: false, Passwords).Outcome);

        // A nonce another realm's server issued with the same key is refused.
        var other = new DigestServer("other.example.net", Key, _clock, Lifetime);
        string otherNonce = ParseChallenge(other.CreateChallenge()).Nonce;
        string ours = server.CreateChallenge();
        string swapped = ours.Replace(ParseChallenge(ours).Nonce, otherNonce, StringComparison.Ordinal);
        Assert.Equal(DigestOutcome.Invalid, server.Verify(Answer(swapped, Trunk), proxy: false, Passwords).Outcome);
    }

    [Fact]
    public void Realm_mismatch_is_invalid_for_authorization_and_not_ours_for_proxy_authorization()
    {
        DigestServer server = Server();
        string foreign = server.CreateChallenge().Replace("realm=\"sbc.example.net\"", "realm=\"carrier.example.com\"", StringComparison.Ordinal);
        DigestVerification v = server.Verify(Answer(foreign, Trunk), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Invalid, v.Outcome);
        Assert.Contains("realm", v.Reason, StringComparison.Ordinal);

        // RFC 3261 §22.3: Proxy-Authorization for another realm belongs to another proxy.
        Assert.Equal(DigestOutcome.Missing, server.Verify(Answer(foreign, Trunk, proxy: true), proxy: true, Passwords).Outcome);
    }

    [Fact]
    public void Uri_must_designate_the_request_uri()
    {
        DigestServer server = Server();
        string challenge = server.CreateChallenge();
        DigestVerification other = server.Verify(
            Request("Authorization: " + AuthorizationValue(challenge, Trunk, "sip:+14255550111@sbc.example.net")), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Invalid, other.Outcome);
        Assert.Contains("uri", other.Reason, StringComparison.Ordinal);

        // The same resource spelled differently (host case, a URI parameter added on the path) is accepted.
        DigestVerification same = server.Verify(
            Request("Authorization: " + AuthorizationValue(challenge, Trunk, "sip:+14255550100@SBC.example.net;transport=udp")), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Ok, same.Outcome);
    }

    [Fact]
    public void Missing_and_malformed_credentials()
    {
        DigestServer server = Server();
        Assert.Equal(DigestOutcome.Missing, server.Verify(Request(), proxy: false, Passwords).Outcome);
        Assert.Equal(DigestOutcome.Missing, server.Verify(Request("Authorization: Basic dHJ1bmsxOnMzY3JldA=="), proxy: false, Passwords).Outcome);

        DigestVerification noResponse = server.Verify(
            Request("Authorization: Digest username=\"trunk1\", realm=\"sbc.example.net\", nonce=\"n\", uri=\"" + RequestUri + "\""), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Invalid, noResponse.Outcome);
        Assert.Contains("malformed", noResponse.Reason, StringComparison.Ordinal);

        // qop was asked for; an RFC 2069-style answer without it is refused.
        string challenge = server.CreateChallenge();
        string withoutQop = AuthorizationValue(challenge.Replace(", qop=\"auth\"", "", StringComparison.Ordinal), Trunk);
        DigestVerification v = server.Verify(Request("Authorization: " + withoutQop), proxy: false, Passwords);
        Assert.Equal(DigestOutcome.Invalid, v.Outcome);
        Assert.Contains("qop", v.Reason, StringComparison.Ordinal);

        // Credentials with qop but a malformed nc.
        string badNc = AuthorizationValue(challenge, Trunk).Replace("nc=00000001", "nc=1", StringComparison.Ordinal);
        Assert.Equal(DigestOutcome.Invalid, server.Verify(Request("Authorization: " + badNc), proxy: false, Passwords).Outcome);
    }

    [Fact]
    public void Proxy_mode_reads_proxy_authorization()
    {
        DigestServer server = Server();
        SipMessage request = Answer(server.CreateChallenge(), Trunk, proxy: true);
        Assert.Equal(DigestOutcome.Ok, server.Verify(request, proxy: true, Passwords).Outcome);
        Assert.Equal(DigestOutcome.Missing, server.Verify(request, proxy: false, Passwords).Outcome);
    }

    [Fact]
    public void Constructor_refuses_a_short_key_and_a_bad_realm()
    {
        Assert.Throws<ArgumentException>(() => new DigestServer(Realm, new byte[15], _clock, Lifetime));
        Assert.Throws<ArgumentException>(() => new DigestServer("a\r\nb", Key, _clock, Lifetime));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DigestServer(Realm, Key, _clock, TimeSpan.Zero));
    }

    private static DigestAuthorization ParseAuthorization(string value)
    {
        Assert.True(DigestAuthorization.TryParse(Encoding.UTF8.GetBytes(value), out DigestAuthorization? a, out string? error), error);
        return a!;
    }
}
