using System.Text;
using Palisade.Sip.Auth;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Auth;

public sealed class AuthorizedRequestTests
{
    private const string Invite =
        "INVITE sip:+14255550100@carrier.example.com;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKold1;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "f: \"Alice\" <sip:+14255550199@sbc.example.net>;tag=f1\r\n" +
        "To: <sip:+14255550100@carrier.example.com>\r\n" +
        "Call-ID: auth-1@192.0.2.10\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:sbc@192.0.2.10:5060>\r\n" +
        "X-Folded: one\r\n two\r\n" +
        "Proxy-Authorization: Digest username=\"edge\", realm=\"edge.example.net\", nonce=\"x\", uri=\"sip:carrier.example.com\", response=\"00\"\r\n" +
        "c: application/sdp\r\n" +
        "Content-Length: 10\r\n" +
        "\r\n" +
        "v=0\r\no=-\r\n";

    private static readonly DigestCredentials Trunk = new("trunk1", "s3cret");

    private static SipMessage Parse(byte[] bytes)
    {
        SipMessage? m = SipParser.ParseDatagram(bytes, out SipParseError e);
        Assert.True(e.Outcome == ParseOutcome.Ok, e.Detail);
        return m!;
    }

    private static SipMessage Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static DigestChallenge Challenge(string value, bool proxy)
    {
        Assert.True(DigestChallenge.TryParse(Encoding.UTF8.GetBytes(value), proxy, out DigestChallenge? c, out string? error), error);
        return c!;
    }

    private static int Count(SipMessage m, HeaderId id)
    {
        int n = 0;
        for (int i = m.IndexOf(id); i >= 0; i = m.IndexOf(id, i + 1))
            n++;
        return n;
    }

    private static string[] HeaderLines(string message) =>
        message.Substring(0, message.IndexOf("\r\n\r\n", StringComparison.Ordinal)).Replace("\r\n ", "\u0001 ", StringComparison.Ordinal).Split("\r\n");

    [Fact]
    public void Retry_has_credentials_a_new_transaction_and_everything_else_unchanged()
    {
        SipMessage request = Parse(Invite);
        DigestChallenge challenge = Challenge("Digest realm=\"carrier.example.com\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\"", proxy: false);
        byte[] bytes = AuthorizedRequest.Create(request, challenge, Trunk, 2, "z9hG4bKnew2", 1, "cn");
        SipMessage retry = Parse(bytes);

        Assert.True(retry.IsRequest);
        Assert.Equal(SipMethod.Invite, retry.Method);
        Assert.Equal(2u, retry.CSeq);
        Assert.Equal(SipMethod.Invite, retry.CSeqMethod);
        Assert.Equal("z9hG4bKnew2", retry.TopVia!.Branch);
        Assert.True(retry.TopVia.HasRport);
        Assert.Equal(request.CallId, retry.CallId);
        Assert.Equal("f1", retry.FromTag);
        Assert.Null(retry.ToTag);
        Assert.Equal(request.Body.ToArray(), retry.Body.ToArray());
        Assert.Equal(request.RequestUriBytes.ToArray(), retry.RequestUriBytes.ToArray());

        Assert.Equal(1, Count(retry, HeaderId.Authorization));
        Assert.Equal(1, Count(retry, HeaderId.ProxyAuthorization)); // the edge proxy's, untouched
        Assert.True(DigestAuthorization.TryParse(retry.GetValue(HeaderId.Authorization), out DigestAuthorization? a, out string? error), error);
        Assert.Equal("trunk1", a!.Username);
        Assert.Equal("carrier.example.com", a.Realm);
        Assert.Equal("sip:+14255550100@carrier.example.com;user=phone", a.Uri);
        Assert.Equal(DigestAlgorithm.Sha256, a.Algorithm);
        Assert.Equal("cn", a.Cnonce);

        // Every other line is byte-identical and in the same order; only Via and CSeq changed, Authorization is new.
        string text = Encoding.UTF8.GetString(bytes);
        string[] before = HeaderLines(Invite);
        string[] after = HeaderLines(text);
        Assert.Equal(before.Length + 1, after.Length);
        Assert.Equal("Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnew2;rport", after[1]);
        Assert.Equal("CSeq: 2 INVITE", after[6]);
        Assert.StartsWith("Authorization: Digest username=\"trunk1\"", after[^1], StringComparison.Ordinal);
        for (int i = 0; i < before.Length; i++)
        {
            if (i is not (1 or 6))
                Assert.Equal(before[i], after[i]);
        }
        Assert.EndsWith("\r\n\r\nv=0\r\no=-\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Proxy_challenge_is_answered_in_proxy_authorization_beside_other_realms()
    {
        SipMessage request = Parse(Invite);
        DigestChallenge challenge = Challenge("Digest realm=\"carrier.example.com\", nonce=\"pn\", qop=\"auth\"", proxy: true);
        SipMessage retry = Parse(AuthorizedRequest.Create(request, challenge, Trunk, 2, "z9hG4bKp2"));
        Assert.False(retry.Has(HeaderId.Authorization));
        Assert.Equal(2, Count(retry, HeaderId.ProxyAuthorization));
        var realms = new List<string>();
        for (int i = retry.IndexOf(HeaderId.ProxyAuthorization); i >= 0; i = retry.IndexOf(HeaderId.ProxyAuthorization, i + 1))
        {
            Assert.True(DigestAuthorization.TryParse(retry.GetValue(retry.Headers[i]), out DigestAuthorization? a, out _));
            realms.Add(a!.Realm);
        }
        Assert.Equal(["edge.example.net", "carrier.example.com"], realms);
    }

    [Fact]
    public void A_second_challenge_for_the_same_realm_replaces_the_earlier_credentials_in_place()
    {
        // E.g. a stale=true 401 after the first retry: the new credentials take the old header's place.
        SipMessage request = Parse(Invite);
        DigestChallenge first = Challenge("Digest realm=\"carrier.example.com\", nonce=\"n1\", qop=\"auth\"", proxy: false);
        SipMessage retry1 = Parse(AuthorizedRequest.Create(request, first, Trunk, 2, "z9hG4bKr1"));
        DigestChallenge second = Challenge("Digest realm=\"carrier.example.com\", nonce=\"n2\", qop=\"auth\", stale=true", proxy: false);
        byte[] bytes = AuthorizedRequest.Create(retry1, second, Trunk, 3, "z9hG4bKr2");
        SipMessage retry2 = Parse(bytes);
        Assert.Equal(3u, retry2.CSeq);
        Assert.Equal("z9hG4bKr2", retry2.TopVia!.Branch);
        Assert.Equal(1, Count(retry2, HeaderId.Authorization));
        Assert.True(DigestAuthorization.TryParse(retry2.GetValue(HeaderId.Authorization), out DigestAuthorization? a, out _));
        Assert.Equal("n2", a!.Nonce);
        Assert.Equal(HeaderLines(Encoding.UTF8.GetString(retry1.Bytes)).Length, HeaderLines(Encoding.UTF8.GetString(bytes)).Length);
    }

    [Fact]
    public void Only_the_first_via_parm_gets_the_new_branch_and_one_without_a_branch_gets_one()
    {
        string twoVias = Invite.Replace(
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKold1;rport\r\n",
            "v: SIP/2.0/UDP 192.0.2.10:5060 ;rport ; x=\"a;branch=q\" , SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKlower\r\n",
            StringComparison.Ordinal);
        DigestChallenge challenge = Challenge("Digest realm=\"carrier.example.com\", nonce=\"n\", qop=\"auth\"", proxy: false);
        byte[] bytes = AuthorizedRequest.Create(Parse(twoVias), challenge, Trunk, 2, "z9hG4bKadded");
        SipMessage retry = Parse(bytes);
        Assert.Equal("z9hG4bKadded", retry.TopVia!.Branch);
        Assert.Equal(2, retry.ViaCount);
        Assert.Contains(
            "v: SIP/2.0/UDP 192.0.2.10:5060 ;rport ; x=\"a;branch=q\";branch=z9hG4bKadded , SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKlower\r\n",
            Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Register_without_body_or_content_length()
    {
        const string Register =
            "REGISTER sip:carrier.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5060;BRANCH=z9hG4bKreg1\r\n" +
            "From: <sip:trunk1@carrier.example.com>;tag=r1\r\n" +
            "To: <sip:trunk1@carrier.example.com>\r\n" +
            "Call-ID: reg-1@192.0.2.10\r\n" +
            "CSeq: 41 REGISTER\r\n" +
            "Contact: <sip:trunk1@192.0.2.10:5060>;expires=3600\r\n\r\n";
        DigestChallenge challenge = Challenge("Digest realm=\"carrier.example.com\", nonce=\"n\"", proxy: false);
        byte[] bytes = AuthorizedRequest.Create(Parse(Register), challenge, Trunk, 42, "z9hG4bKreg2");
        SipMessage retry = Parse(bytes);
        Assert.Equal(42u, retry.CSeq);
        Assert.Equal("z9hG4bKreg2", retry.TopVia!.Branch);
        Assert.False(retry.Has(HeaderId.ContentLength));
        Assert.Equal(0, retry.BodyLength);
        Assert.Contains("Via: SIP/2.0/UDP 192.0.2.10:5060;BRANCH=z9hG4bKreg2\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_bad_arguments()
    {
        SipMessage request = Parse(Invite);
        DigestChallenge challenge = Challenge("Digest realm=\"carrier.example.com\", nonce=\"n\", qop=\"auth\"", proxy: false);
        Assert.Throws<ArgumentOutOfRangeException>(() => AuthorizedRequest.Create(request, challenge, Trunk, 1, "z9hG4bKx"));
        Assert.Throws<ArgumentException>(() => AuthorizedRequest.Create(request, challenge, Trunk, 2, "z9hG4bK\r\nX: y"));
        Assert.Throws<ArgumentException>(() => AuthorizedRequest.Create(request, challenge, Trunk, 2, "z9hG4bK;rport"));
        SipMessage ack = Parse(Invite.Replace("INVITE sip:", "ACK sip:", StringComparison.Ordinal).Replace("CSeq: 1 INVITE", "CSeq: 1 ACK", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => AuthorizedRequest.Create(ack, challenge, Trunk, 2, "z9hG4bKx"));
    }
}
