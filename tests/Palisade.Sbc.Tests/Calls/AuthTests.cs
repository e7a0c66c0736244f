using System.Net;
using System.Text;
using Palisade.Sbc.Tests.Infrastructure;
using Palisade.Sip.Auth;
using Palisade.Sip.Message;
using static Palisade.Sbc.Tests.Infrastructure.CallHarness;
using static Palisade.Sbc.Tests.Infrastructure.PeerMessages;

namespace Palisade.Sbc.Tests.Calls;

public sealed class AuthTests
{
    [Fact]
    public void Palisade_registers_with_a_trunk_answers_its_challenge_and_refreshes_before_expiry()
    {
        string config = DefaultConfig.Replace("""
              - id: carrier-b
                kind: carrier
            """, "  - id: carrier-b\n    kind: carrier\n    auth: { username: sbc1, password: pw1, register: true, expires: 600s }\n", StringComparison.Ordinal);
        using var h = new CallHarness(config);
        var registrar = new DigestServer("carrier-b", new byte[32], h.Clock, TimeSpan.FromMinutes(5));
        h.Engine.StartProbes();
        h.Advance(TimeSpan.FromMilliseconds(100));
        SipMessage first = h.Network.SingleRequest(CarrierB, "REGISTER");
        Assert.Equal("600", Encoding.UTF8.GetString(first.GetValue(HeaderId.Expires)));
        h.Deliver(Response(first, 401, "r", "127.0.0.4", extraHeaders: "WWW-Authenticate: " + registrar.CreateChallenge() + "\n"), CarrierB);

        SipMessage signed = h.Network.To(CarrierB, "REGISTER")[^1];
        Assert.True(signed.CSeq > first.CSeq);
        Assert.Equal(first.CallId, signed.CallId);
        Assert.True(registrar.Verify(signed, proxy: false, u => u == "sbc1" ? "pw1" : null).IsOk);
        h.Deliver(Response(signed, 200, "r", "127.0.0.4", extraHeaders: "Expires: 600\n"), CarrierB);
        Assert.Equal(["carrier-b"], h.Engine.RegisteredTrunks());

        int before = h.Network.To(CarrierB, "REGISTER").Count;
        h.Advance(TimeSpan.FromSeconds(470));
        Assert.Equal(before, h.Network.To(CarrierB, "REGISTER").Count);
        h.Advance(TimeSpan.FromSeconds(15)); // refreshed at 80 % of 600 s
        Assert.True(h.Network.To(CarrierB, "REGISTER").Count > before);
    }

    private static readonly IPEndPoint Roaming = new(IPAddress.Parse("127.0.0.9"), 5060);

    private static string ChallengedConfig() => DefaultConfig.Replace("""
        numbers:
        """, """
          - id: roaming-pbx
            kind: pbx
            listener: public-udp
            endpoints: [ { host: 127.0.0.9, port: 5060, transport: udp } ]
            auth: { username: pbx7, password: pbx-secret, challenge-inbound: true }
        numbers:
        """, StringComparison.Ordinal).Replace("routes:\n", "routes:\n  - { id: pbx-out, from: [roaming-pbx], to: [carrier-b] }\n", StringComparison.Ordinal);

    [Fact]
    public void A_trunk_without_an_address_is_challenged_and_accepted_by_its_credentials()
    {
        using var h = new CallHarness(ChallengedConfig());
        string invite = Invite(callId: "pbx-call@x").Replace("127.0.0.2", "127.0.0.9", StringComparison.Ordinal);
        h.Deliver(invite, Roaming);
        Assert.True(h.Network.To(Roaming, "SIP/2.0 401").Count == 1, h.Network.TextTo(Roaming));
        SipMessage challenge = h.Network.Single(Roaming, "SIP/2.0 401");
        Assert.Empty(h.Network.To(CarrierB, "INVITE"));

        DigestChallenge best = DigestChallenge.SelectBest(challenge, proxy: false)!;
        Assert.Equal(DigestAlgorithm.Sha256, best.Algorithm);
        SipMessage original = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(invite.Replace("\n", "\r\n", StringComparison.Ordinal)), out _)!;
        byte[] signed = AuthorizedRequest.Create(original, best, new DigestCredentials("pbx7", "pbx-secret"), 11, "z9hG4bK-signed");
        h.Deliver(Encoding.UTF8.GetString(signed), Roaming);
        h.Network.Single(CarrierB, "INVITE");
    }

    [Fact]
    public void Wrong_credentials_are_challenged_again_and_never_routed()
    {
        using var h = new CallHarness(ChallengedConfig());
        string invite = Invite(callId: "pbx-call@x").Replace("127.0.0.2", "127.0.0.9", StringComparison.Ordinal);
        h.Deliver(invite, Roaming);
        DigestChallenge best = DigestChallenge.SelectBest(h.Network.Single(Roaming, "SIP/2.0 401"), proxy: false)!;
        SipMessage original = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(invite.Replace("\n", "\r\n", StringComparison.Ordinal)), out _)!;
        h.Deliver(Encoding.UTF8.GetString(AuthorizedRequest.Create(original, best, new DigestCredentials("pbx7", "guess"), 11, "z9hG4bK-bad")), Roaming);
        Assert.Equal(2, h.Network.To(Roaming, "SIP/2.0 401").Count);
        Assert.Empty(h.Network.To(CarrierB, "INVITE"));
    }
}
