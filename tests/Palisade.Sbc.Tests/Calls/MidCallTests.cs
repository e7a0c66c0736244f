using System.Text;
using Palisade.Sbc.Tests.Infrastructure;
using Palisade.Sip.Message;
using static Palisade.Sbc.Tests.Infrastructure.CallHarness;
using static Palisade.Sbc.Tests.Infrastructure.PeerMessages;

namespace Palisade.Sbc.Tests.Calls;

public sealed class MidCallTests
{
    [Fact]
    public void Hold_is_relayed_with_palisade_origin_and_a_new_version()
    {
        using var h = new CallHarness();
        (SipMessage invite, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CallerRequest("INVITE", 11, tag, Sdp("127.0.0.2", 6000, "sendonly", version: 2)), CarrierA);

        SipMessage reinvite = h.Network.Single(CarrierB, "INVITE sip:callee@127.0.0.4:5060");
        string offer = Encoding.UTF8.GetString(reinvite.Body);
        Assert.Contains("a=sendonly", offer, StringComparison.Ordinal);
        string firstOrigin = OriginOf(Encoding.UTF8.GetString(invite.Body));
        string holdOrigin = OriginOf(offer);
        Assert.StartsWith("o=- ", holdOrigin, StringComparison.Ordinal);
        Assert.Equal(Version(firstOrigin) + 1, Version(holdOrigin));
        Assert.Equal(invite.CallId, reinvite.CallId);

        h.Deliver(Response(reinvite, 200, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7000, "recvonly", version: 2)), CarrierB);
        Assert.Equal(2, h.Network.To(CarrierB, "ACK").Count);
        SipMessage ok = Assert.Single(h.Network.To(CarrierA, "SIP/2.0 200"), m => m.CSeq == 11);
        Assert.Contains("a=recvonly", Encoding.UTF8.GetString(ok.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_refresh_from_the_callee_is_answered_on_its_leg_alone()
    {
        using var h = new CallHarness();
        string calleeSdp = Sdp("127.0.0.4", 7000);
        (SipMessage invite, string tag) = BasicCallTests.Answer(h, calleeSdp);
        h.Deliver(CallerAck(tag), CarrierA);
        int toCaller = h.Network.Sent.Count(s => s.To.Equals(CarrierA));

        // RFC 4028 refresh: same SDP, same version.
        h.Deliver(CalleeRequest("INVITE", 1, invite, "callee-tag", "127.0.0.4", calleeSdp, "Session-Expires: 1800;refresher=uac\n"), CarrierB);
        SipMessage ok = Assert.Single(h.Network.To(CarrierB, "SIP/2.0 200"));
        Assert.Equal(Encoding.UTF8.GetString(invite.Body), Encoding.UTF8.GetString(ok.Body)); // our SDP, unchanged version
        Assert.Contains("refresher=uac", ok.ToString(), StringComparison.Ordinal);
        Assert.Equal(toCaller, h.Network.Sent.Count(s => s.To.Equals(CarrierA)));
    }

    [Fact]
    public void An_update_without_sdp_is_a_refresh_answered_locally()
    {
        using var h = new CallHarness();
        (_, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CallerRequest("UPDATE", 11, tag, extraHeaders: "Session-Expires: 900;refresher=uac\n"), CarrierA);
        Assert.Single(h.Network.To(CarrierA, "SIP/2.0 200"), m => m.CSeqMethod == SipMethod.Update);
        Assert.Empty(h.Network.To(CarrierB, "UPDATE"));
    }

    [Fact]
    public void A_second_offer_while_one_is_pending_gets_491()
    {
        using var h = new CallHarness();
        (SipMessage invite, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CallerRequest("INVITE", 11, tag, Sdp("127.0.0.2", 6000, "sendonly", 2)), CarrierA);
        h.Network.Single(CarrierB, "INVITE sip:callee");
        // The callee offers at the same time: glare (RFC 3261 §14.1).
        h.Deliver(CalleeRequest("INVITE", 1, invite, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7002, "sendonly", 2)), CarrierB);
        h.Network.Single(CarrierB, "SIP/2.0 491");
    }

    [Fact]
    public void Info_is_relayed_with_its_body()
    {
        using var h = new CallHarness();
        (_, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        string info = CallerRequest("INFO", 11, tag).Replace("Content-Length: 0", "Content-Type: application/dtmf-relay\nContent-Length: 24", StringComparison.Ordinal) + "Signal=5\r\nDuration=160\r\n";
        h.Deliver(info, CarrierA);
        SipMessage relayed = h.Network.Single(CarrierB, "INFO");
        Assert.Equal("Signal=5\r\nDuration=160\r\n", Encoding.UTF8.GetString(relayed.Body));
        Assert.Equal("application/dtmf-relay", relayed.ContentType);
    }

    [Fact]
    public void Options_inside_a_call_is_answered_locally()
    {
        using var h = new CallHarness();
        (_, string tag) = BasicCallTests.Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CallerRequest("OPTIONS", 11, tag), CarrierA);
        Assert.Single(h.Network.To(CarrierA, "SIP/2.0 200"), m => m.CSeqMethod == SipMethod.Options);
        Assert.Empty(h.Network.To(CarrierB, "OPTIONS"));
    }

    [Fact]
    public void A_reliable_183_is_pracked_on_the_callee_leg_and_relayed_unreliably()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 183, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7000), "Require: 100rel\nRSeq: 7\n"), CarrierB);
        SipMessage prack = h.Network.Single(CarrierB, "PRACK");
        Assert.Equal("7 1 INVITE", Encoding.UTF8.GetString(prack.GetValue(HeaderId.RAck)));
        SipMessage progress = h.Network.Single(CarrierA, "SIP/2.0 183");
        Assert.False(progress.Has(HeaderId.RSeq)); // the caller did not offer 100rel
        Assert.Contains("m=audio 7000", Encoding.UTF8.GetString(progress.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void A_caller_that_supports_100rel_gets_a_reliable_183_retransmitted_until_its_prack()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(extraHeaders: "Supported: 100rel, timer\n"), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 183, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7000)), CarrierB);
        SipMessage progress = h.Network.Single(CarrierA, "SIP/2.0 183");
        Assert.Equal("1", Encoding.UTF8.GetString(progress.GetValue(HeaderId.RSeq)));
        h.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(2, h.Network.To(CarrierA, "SIP/2.0 183").Count);
        h.Deliver(CallerRequest("PRACK", 11, progress.ToTag!, extraHeaders: "RAck: 1 10 INVITE\n"), CarrierA);
        Assert.Single(h.Network.To(CarrierA, "SIP/2.0 200"), m => m.CSeqMethod == SipMethod.Prack);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, h.Network.To(CarrierA, "SIP/2.0 183").Count);
    }

    [Fact]
    public void A_second_forked_200_is_acked_and_hung_up()
    {
        using var h = new CallHarness();
        (SipMessage invite, _) = BasicCallTests.Answer(h);
        h.Deliver(Response(invite, 200, "other-fork", "127.0.0.4", Sdp("127.0.0.4", 7100)), CarrierB);
        Assert.Contains(h.Network.To(CarrierB, "ACK"), m => m.ToTag == "other-fork");
        Assert.Contains(h.Network.To(CarrierB, "BYE"), m => m.ToTag == "other-fork");
        Assert.Single(h.Network.To(CarrierA, "SIP/2.0 200"));
    }

    [Fact]
    public void A_delayed_offer_gets_the_callee_offer_and_the_ack_carries_the_answer()
    {
        using var h = new CallHarness();
        string invite = Invite(sdp: "").Replace("Content-Type: application/sdp\n", "", StringComparison.Ordinal);
        h.Deliver(invite, CarrierA);
        SipMessage out1 = h.Network.Single(CarrierB, "INVITE");
        Assert.Equal(0, out1.BodyLength);
        h.Deliver(Response(out1, 200, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7000)), CarrierB);
        Assert.Empty(h.Network.To(CarrierB, "ACK")); // held until the caller's answer
        SipMessage ok = h.Network.Single(CarrierA, "SIP/2.0 200");
        h.Deliver(CallerAck(ok.ToTag!, sdp: Sdp("127.0.0.2", 6000)), CarrierA);
        SipMessage ack = h.Network.Single(CarrierB, "ACK");
        Assert.Contains("m=audio 6000", Encoding.UTF8.GetString(ack.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_ack_ends_the_call_on_both_legs()
    {
        using var h = new CallHarness();
        BasicCallTests.Answer(h);
        h.Advance(TimeSpan.FromSeconds(33));
        Assert.True(h.Network.To(CarrierA, "SIP/2.0 200").Count > 3); // retransmitted meanwhile (§13.3.1.4)
        h.Network.SingleRequest(CarrierA, "BYE");
        h.Network.SingleRequest(CarrierB, "BYE");
        Assert.Equal("no-ack", h.Records.Call.Cause);
    }

    [Fact]
    public void A_caller_that_stops_refreshing_its_session_is_torn_down()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(extraHeaders: "Supported: timer\nSession-Expires: 120;refresher=uac\n"), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 200, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7000)), CarrierB);
        SipMessage ok = h.Network.Single(CarrierA, "SIP/2.0 200");
        Assert.Contains("Session-Expires: 120;refresher=uac", ok.ToString(), StringComparison.Ordinal);
        Assert.Contains("Require: timer", ok.ToString(), StringComparison.Ordinal);
        h.Deliver(CallerAck(ok.ToTag!), CarrierA);

        h.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(h.Network.To(CarrierB, "BYE"));
        h.Advance(TimeSpan.FromSeconds(30)); // 120 − min(32, 40) = 88 s
        h.Network.SingleRequest(CarrierA, "BYE");
        h.Network.SingleRequest(CarrierB, "BYE");
        Assert.Equal("session-timer", h.Records.Call.Cause);
    }

    [Fact]
    public void Palisade_refreshes_a_callee_leg_it_is_refresher_of_without_touching_the_caller()
    {
        using var h = new CallHarness();
        (SipMessage invite, string tag) = BasicCallTests.Answer(h, extra: "Session-Expires: 120;refresher=uac\nAllow: INVITE, ACK, BYE, CANCEL, UPDATE\n");
        h.Deliver(CallerAck(tag), CarrierA);
        int toCaller = h.Network.Sent.Count(s => s.To.Equals(CarrierA));
        h.Advance(TimeSpan.FromSeconds(61));
        SipMessage update = h.Network.SingleRequest(CarrierB, "UPDATE");
        Assert.Equal(invite.CallId, update.CallId);
        Assert.Equal(0, update.BodyLength);
        Assert.Equal(toCaller, h.Network.Sent.Count(s => s.To.Equals(CarrierA)));
    }

    private static string OriginOf(string sdp) => sdp.Split("\r\n").First(l => l.StartsWith("o=", StringComparison.Ordinal));

    private static int Version(string origin) => int.Parse(origin.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
}
