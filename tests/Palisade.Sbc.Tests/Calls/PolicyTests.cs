using System.Text;
using Palisade.Sbc.Tests.Infrastructure;
using Palisade.Sip.Auth;
using Palisade.Sip.Message;
using static Palisade.Sbc.Tests.Infrastructure.CallHarness;
using static Palisade.Sbc.Tests.Infrastructure.PeerMessages;

namespace Palisade.Sbc.Tests.Calls;

/// <summary>Per-trunk and per-tenant policy applied by the call path: limits, auth, health, manipulation.</summary>
public sealed class PolicyTests
{
    private static string Config(string carrierBExtra = "", string tenantExtra = "", string carrierCExtra = "", string route = "to: [carrier-b, carrier-c]") =>
        DefaultConfig
            .Replace("teams-fqdn: contoso.sbc.lab.example.net }", "teams-fqdn: contoso.sbc.lab.example.net" + tenantExtra + " }", StringComparison.Ordinal)
            .Replace("""
                  - id: carrier-b
                    kind: carrier
                """, "  - id: carrier-b\n    kind: carrier\n" + carrierBExtra, StringComparison.Ordinal)
            .Replace("""
                  - id: carrier-c
                    kind: carrier
                """, "  - id: carrier-c\n    kind: carrier\n" + carrierCExtra, StringComparison.Ordinal)
            .Replace("to: [carrier-b, carrier-c]", route, StringComparison.Ordinal);

    [Fact]
    public void A_tenant_at_its_call_limit_gets_503_with_retry_after()
    {
        using var h = new CallHarness(Config(tenantExtra: ", max-calls: 1"));
        h.Deliver(Invite(), CarrierA);
        h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Invite(branch: "z9hG4bK-second", callId: "second-call@x"), CarrierA);
        SipMessage refused = h.Network.Single(CarrierA, "SIP/2.0 503");
        Assert.True(refused.Has(HeaderId.RetryAfter));
        Assert.Contains("contoso", refused.ToString(), StringComparison.Ordinal); // the Warning names the limit
        Assert.Single(h.Network.To(CarrierB, "INVITE"));
    }

    [Fact]
    public void The_tenant_slot_is_released_when_the_call_ends()
    {
        using var h = new CallHarness(Config(tenantExtra: ", max-calls: 1"));
        (_, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CallerRequest("BYE", 11, tag), CarrierA);
        h.Deliver(Invite(branch: "z9hG4bK-second", callId: "second-call@x"), CarrierA);
        Assert.Equal(2, h.Network.To(CarrierB, "INVITE").Count);
        Assert.Equal(1, h.State.GetTenant("contoso").ActiveCalls); // the second call only
    }

    [Fact]
    public void A_full_trunk_is_skipped_for_the_next_target()
    {
        using var h = new CallHarness(Config(carrierBExtra: "    max-calls: 1\n"));
        h.Deliver(Invite(), CarrierA);
        h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Invite(branch: "z9hG4bK-second", callId: "second-call@x"), CarrierA);
        Assert.Single(h.Network.To(CarrierB, "INVITE"));
        h.Network.Single(CarrierC, "INVITE");
    }

    [Fact]
    public void A_503_with_retry_after_holds_the_endpoint_down()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        h.Deliver(Response(h.Network.Single(CarrierB, "INVITE"), 503, "b", "127.0.0.4", extraHeaders: "Retry-After: 60\n"), CarrierB);
        h.Network.Single(CarrierC, "INVITE");
        // The next call skips carrier-b while the hold lasts.
        h.Deliver(Invite(branch: "z9hG4bK-second", callId: "second-call@x"), CarrierA);
        Assert.Single(h.Network.To(CarrierB, "INVITE"));
        Assert.Equal(2, h.Network.To(CarrierC, "INVITE").Count);
    }

    [Fact]
    public void A_challenge_from_a_trunk_with_credentials_is_answered_once()
    {
        using var h = new CallHarness(Config(carrierBExtra: "    auth: { username: palisade, password: s3cret }\n"));
        var server = new DigestServer("carrier-b.example", new byte[32], h.Clock, TimeSpan.FromMinutes(5));
        h.Deliver(Invite(), CarrierA);
        SipMessage first = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(first, 407, "b", "127.0.0.4", extraHeaders: "Proxy-Authenticate: " + server.CreateChallenge() + "\n"), CarrierB);
        List<SipMessage> invites = h.Network.To(CarrierB, "INVITE");
        Assert.Equal(2, invites.Count);
        SipMessage retry = invites[1];
        Assert.Equal(first.CallId, retry.CallId);
        Assert.Equal(2u, retry.CSeq);
        Assert.Equal(DigestOutcome.Ok, server.Verify(retry, proxy: true, u => u == "palisade" ? "s3cret" : null).Outcome);
        Assert.Empty(h.Network.To(CarrierA, "SIP/2.0 407"));

        // Answered: the ACK carries the retried INVITE's CSeq.
        h.Deliver(Response(retry, 200, "b", "127.0.0.4", Sdp("127.0.0.4", 7000)), CarrierB);
        Assert.Single(h.Network.To(CarrierB, "ACK"), a => a.CSeq == 2 && a.ToTag == "b" && a.TopVia!.Branch != retry.TopVia!.Branch);
    }

    [Fact]
    public void A_second_challenge_is_not_answered_again()
    {
        using var h = new CallHarness(Config(carrierBExtra: "    auth: { username: palisade, password: wrong }\n", route: "to: [carrier-b]"));
        var server = new DigestServer("carrier-b.example", new byte[32], h.Clock, TimeSpan.FromMinutes(5));
        h.Deliver(Invite(), CarrierA);
        h.Deliver(Response(h.Network.Single(CarrierB, "INVITE"), 401, "b", "127.0.0.4", extraHeaders: "WWW-Authenticate: " + server.CreateChallenge() + "\n"), CarrierB);
        h.Deliver(Response(h.Network.To(CarrierB, "INVITE")[1], 401, "b", "127.0.0.4", extraHeaders: "WWW-Authenticate: " + server.CreateChallenge() + "\n"), CarrierB);
        Assert.Equal(2, h.Network.To(CarrierB, "INVITE").Count);
        h.Network.Single(CarrierA, "SIP/2.0 403"); // a trunk's challenge never reaches the caller
    }

    [Fact]
    public void Header_rules_pass_add_and_remove()
    {
        using var h = new CallHarness(Config(carrierBExtra: """
                header-rules:
                  out:
                    - { action: pass, header: X-Carrier-Internal }
                    - { action: add, header: X-Tenant, value: contoso }
                    - { action: remove, header: Subject }

            """));
        h.Deliver(Invite(extraHeaders: "Subject: hello\n"), CarrierA);
        string invite = h.Network.Single(CarrierB, "INVITE").ToString();
        Assert.Contains("X-Carrier-Internal: route-77@10.9.8.7", invite, StringComparison.Ordinal);
        Assert.Contains("X-Tenant: contoso", invite, StringComparison.Ordinal);
        Assert.DoesNotContain("Subject", invite, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_from_adds_a_pai_and_privacy_strip_drops_privacy()
    {
        using var h = new CallHarness(Config(carrierBExtra: "    identity: { pai: from, privacy: strip }\n"));
        h.Deliver(Invite(extraHeaders: "Privacy: id\n"), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        Assert.Equal("<sip:+14255551234@127.0.0.1;user=phone>", Encoding.UTF8.GetString(invite.GetValue(HeaderId.PAssertedIdentity)));
        Assert.False(invite.Has(HeaderId.Privacy));
    }

    [Fact]
    public void Number_rules_rewrite_what_the_trunk_receives()
    {
        using var h = new CallHarness(Config(carrierBExtra: "    number-rules: { out: [ { match: '^\\+1(\\d{10})$', replace: '1$1' } ] }\n"));
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        Assert.StartsWith("sip:14255550100@127.0.0.4", Encoding.UTF8.GetString(invite.RequestUriBytes), StringComparison.Ordinal);
        Assert.Equal("14255551234", invite.From!.Uri.User);
    }

    [Fact]
    public void A_tenant_max_call_duration_ends_the_call()
    {
        using var h = new CallHarness(Config(tenantExtra: ", max-call-duration: 60s"));
        (_, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Advance(TimeSpan.FromSeconds(61));
        h.Network.SingleRequest(CarrierA, "BYE");
        h.Network.SingleRequest(CarrierB, "BYE");
        Assert.Equal("max-duration", h.Records.Call.Cause);
    }

    [Fact]
    public void Probes_mark_an_unanswering_endpoint_down_and_an_answering_one_up_again()
    {
        using var h = new CallHarness(Config(carrierBExtra: "    probe: { interval: 10s, timeout: 2s, down-after: 2, up-after: 1 }\n"));
        h.Engine.StartProbes();
        h.Advance(TimeSpan.FromSeconds(1));
        h.Network.SingleRequest(CarrierB, "OPTIONS");
        h.Advance(TimeSpan.FromSeconds(21)); // two probes unanswered
        Assert.False(h.State.GetTrunk("carrier-b").GetEndpoint(0).IsUp);

        // Calls skip it meanwhile.
        h.Deliver(Invite(), CarrierA);
        Assert.Empty(h.Network.To(CarrierB, "INVITE"));
        h.Network.Single(CarrierC, "INVITE");

        h.Advance(TimeSpan.FromSeconds(10));
        SipMessage probe = h.Network.To(CarrierB, "OPTIONS")[^1];
        h.Deliver(Response(probe, 200, "p", "127.0.0.4"), CarrierB);
        Assert.True(h.State.GetTrunk("carrier-b").GetEndpoint(0).IsUp);
    }

    [Fact]
    public void The_call_record_costs_what_the_answering_trunks_rate_deck_says()
    {
        using var h = new CallHarness(Config(carrierBExtra: "    rates: { currency: USD, prefixes: { \"+1\": 0.006 }, connection-fee: 0.01 }\n"));
        (_, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Advance(TimeSpan.FromSeconds(61));
        h.Deliver(CallerRequest("BYE", 11, tag), CarrierA);
        // 61 s at 60/60 billing is two started minutes, plus the connection fee.
        Assert.Equal(0.022m, h.Records.Call.Cost);
        Assert.Equal("USD", h.Records.Call.Currency);
    }
}
