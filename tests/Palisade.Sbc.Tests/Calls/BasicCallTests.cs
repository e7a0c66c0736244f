using Palisade.Sbc.Cdr;
using Palisade.Sbc.Tests.Infrastructure;
using Palisade.Sip.Message;
using static Palisade.Sbc.Tests.Infrastructure.CallHarness;
using static Palisade.Sbc.Tests.Infrastructure.PeerMessages;

namespace Palisade.Sbc.Tests.Calls;

public sealed class BasicCallTests
{
    /// <summary>Sets up a call carrier-a → carrier-b and answers it; returns the INVITE Palisade sent and its caller-leg tag.</summary>
    internal static (SipMessage CalleeInvite, string CallerTag) Answer(CallHarness h, string? calleeSdp = null, string extra = "")
    {
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 180, "callee-tag", "127.0.0.4"), CarrierB);
        h.Deliver(Response(invite, 200, "callee-tag", "127.0.0.4", calleeSdp ?? Sdp("127.0.0.4", 7000), extra), CarrierB);
        SipMessage ok = h.Network.Single(CarrierA, "SIP/2.0 200");
        return (invite, ok.ToTag!);
    }

    [Fact]
    public void A_call_is_relayed_answered_and_ended_by_the_caller()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        Assert.Single(h.Network.To(CarrierA, "SIP/2.0 100"));
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        Assert.Equal("sip:+14255550100@127.0.0.4;user=phone", System.Text.Encoding.UTF8.GetString(invite.RequestUriBytes));
        Assert.Equal(68, invite.MaxForwards);
        Assert.StartsWith("From: \"Alice Caller\" <sip:+14255551234@127.0.0.1;user=phone>;tag=", invite.ToString().Split("\r\n")[3], StringComparison.Ordinal);

        h.Deliver(Response(invite, 180, "callee-tag", "127.0.0.4"), CarrierB);
        SipMessage ringing = h.Network.Single(CarrierA, "SIP/2.0 180");
        Assert.NotNull(ringing.ToTag);

        h.Deliver(Response(invite, 200, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7000)), CarrierB);
        SipMessage ack = h.Network.Single(CarrierB, "ACK");
        Assert.Equal("sip:callee@127.0.0.4:5060", System.Text.Encoding.UTF8.GetString(ack.RequestUriBytes));
        Assert.Equal("callee-tag", ack.ToTag);
        SipMessage ok = h.Network.Single(CarrierA, "SIP/2.0 200");
        Assert.Equal(ringing.ToTag, ok.ToTag);
        Assert.Contains("m=audio 7000", System.Text.Encoding.UTF8.GetString(ok.Body), StringComparison.Ordinal);

        h.Deliver(CallerAck(ok.ToTag!), CarrierA);
        h.Deliver(CallerRequest("BYE", 11, ok.ToTag!), CarrierA);
        Assert.Single(h.Network.To(CarrierA, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-caller-x11"));
        SipMessage bye = h.Network.Single(CarrierB, "BYE");
        Assert.Equal(invite.CallId, bye.CallId);
        Assert.Equal(2u, bye.CSeq);

        CallRecord cdr = h.Records.Call;
        Assert.Equal(200, cdr.Status);
        Assert.Equal("normal", cdr.Cause);
        Assert.Equal("caller", cdr.EndedBy);
        Assert.Equal("carrier-a", cdr.InTrunk);
        Assert.Equal("carrier-b", cdr.OutTrunk);
        Assert.Equal("+14255551234", cdr.CallingIn);
        Assert.Equal(0, h.Engine.ActiveCalls);
    }

    [Fact]
    public void The_callee_hangs_up_and_the_caller_gets_a_bye_in_its_own_dialog()
    {
        using var h = new CallHarness();
        (SipMessage invite, string tag) = Answer(h);
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CalleeRequest("BYE", 1, invite, "callee-tag", "127.0.0.4"), CarrierB);

        SipMessage bye = h.Network.Single(CarrierA, "BYE");
        Assert.Equal(CallerCallId, bye.CallId);
        Assert.Equal(tag, bye.FromTag);
        Assert.Equal(CallerTag, bye.ToTag);
        // Request-URI is the caller's Contact, Route its Record-Route (RFC 3261 §12.2.1.1).
        Assert.Equal("sip:+14255551234@127.0.0.2:5060", System.Text.Encoding.UTF8.GetString(bye.RequestUriBytes));
        Assert.Contains("Route: <sip:10.9.8.6;lr>", h.Network.TextTo(CarrierA), StringComparison.Ordinal);
        Assert.Equal("callee", h.Records.Call.EndedBy);
    }

    [Fact]
    public void Nothing_of_one_leg_appears_on_the_other()
    {
        using var h = new CallHarness();
        (SipMessage invite, string tag) = Answer(h, extra: "Record-Route: <sip:10.20.30.40;lr>\nX-Callee-Secret: 10.20.30.40\n");
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CallerRequest("BYE", 11, tag), CarrierA);

        string toCallee = h.Network.TextTo(CarrierB);
        foreach (string leak in new[] { CallerCallId, CallerTag, "z9hG4bK-caller", "10.9.8.7", "10.9.8.6", "SecretCarrierSwitch", "X-Carrier-Internal", "127.0.0.2" })
            Assert.DoesNotContain(leak, WithoutMediaLines(toCallee), StringComparison.Ordinal);
        string toCaller = h.Network.TextTo(CarrierA);
        foreach (string leak in new[] { invite.CallId, "callee-tag", "CalleeBox", "10.20.30.40", "X-Callee-Secret", "127.0.0.4" })
            Assert.DoesNotContain(leak, WithoutMediaLines(toCaller), StringComparison.Ordinal);
    }

    /// <summary>SDP c=/m= lines carry media addresses until media anchoring (the media plane) rewrites them.</summary>
    private static string WithoutMediaLines(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("c=", StringComparison.Ordinal) && !l.StartsWith("m=", StringComparison.Ordinal)));

    [Fact]
    public void An_unknown_source_gets_403_and_nothing_is_sent_onward()
    {
        using var h = new CallHarness();
        var stranger = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.9"), 5060);
        h.Deliver(Invite(), stranger);
        SipMessage refused = h.Network.Single(stranger, "SIP/2.0 403");
        Assert.DoesNotContain("Warning", refused.ToString(), StringComparison.Ordinal);
        Assert.Empty(h.Network.To(CarrierB, "INVITE"));
    }

    [Fact]
    public void Busy_is_passed_back_without_failover()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 486, "callee-tag", "127.0.0.4"), CarrierB);
        h.Network.Single(CarrierA, "SIP/2.0 486");
        Assert.Empty(h.Network.To(CarrierC, "INVITE"));
        Assert.Equal("busy", h.Records.Call.Cause);
    }

    [Fact]
    public void A_503_fails_over_to_the_next_target_and_never_reaches_the_caller()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        SipMessage first = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(first, 503, "b-tag", "127.0.0.4"), CarrierB);
        SipMessage second = h.Network.Single(CarrierC, "INVITE");
        Assert.NotEqual(first.CallId, second.CallId);
        Assert.Empty(h.Network.To(CarrierA, "SIP/2.0 503"));
        h.Deliver(Response(second, 200, "c-tag", "127.0.0.6", Sdp("127.0.0.6", 7000)), CarrierC);
        string tag = h.Network.Single(CarrierA, "SIP/2.0 200").ToTag!;
        h.Deliver(CallerAck(tag), CarrierA);
        h.Deliver(CallerRequest("BYE", 11, tag), CarrierA);
        Assert.Equal(2, h.Records.Written.Count(r => r.Kind == CallRecordKind.Attempt));
        Assert.Equal("carrier-b:503 carrier-c:200", h.Records.Call.Trail);
    }

    [Fact]
    public void No_provisional_within_the_setup_timeout_moves_to_the_next_target()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        h.Network.Single(CarrierB, "INVITE");
        h.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(h.Network.To(CarrierC, "INVITE"));
        h.Advance(TimeSpan.FromSeconds(1.1));
        h.Network.Single(CarrierC, "INVITE");
    }

    [Fact]
    public void Every_target_failing_gives_the_caller_the_last_answer()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        h.Deliver(Response(h.Network.Single(CarrierB, "INVITE"), 503, "b", "127.0.0.4"), CarrierB);
        h.Deliver(Response(h.Network.Single(CarrierC, "INVITE"), 502, "c", "127.0.0.6"), CarrierC);
        h.Network.Single(CarrierA, "SIP/2.0 502");
        Assert.Equal("carrier-b:503 carrier-c:502", h.Records.Call.Trail);
    }

    [Fact]
    public void A_redirect_is_followed_by_palisade_and_never_reaches_the_caller()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 302, "b", "127.0.0.4").Replace("Contact: <sip:callee@127.0.0.4:5060>", "Contact: <sip:+14255550777@127.0.0.6:5060>", StringComparison.Ordinal), CarrierB);
        SipMessage followed = h.Network.Single(CarrierC, "INVITE");
        Assert.Equal("sip:+14255550777@127.0.0.6:5060", System.Text.Encoding.UTF8.GetString(followed.RequestUriBytes));
        Assert.Empty(h.Network.To(CarrierA, "SIP/2.0 302"));
    }

    [Fact]
    public void Diversion_passes_with_numbers_and_reasons_only()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(extraHeaders: "Diversion: <sip:+14255550111@10.77.0.1>;reason=no-answer;counter=1;x-secret=1\n"), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        Assert.Equal("<sip:+14255550111@127.0.0.1;user=phone>;reason=no-answer;counter=1", System.Text.Encoding.UTF8.GetString(invite.GetValue(HeaderId.Diversion)));
    }

    [Fact]
    public void When_every_target_fails_the_call_is_forwarded_with_the_label_in_front_of_the_caller_name()
    {
        string config = DefaultConfig.Replace("to: [carrier-b, carrier-c] }", "to: [carrier-b], forward-on-failure: { number: '+14255550999', via: carrier-c, label: 'Fail-over' } }", StringComparison.Ordinal);
        using var h = new CallHarness(config);
        h.Deliver(Invite(), CarrierA);
        h.Deliver(Response(h.Network.Single(CarrierB, "INVITE"), 503, "b", "127.0.0.4"), CarrierB);
        SipMessage forwarded = h.Network.Single(CarrierC, "INVITE");
        Assert.StartsWith("sip:+14255550999@127.0.0.6", System.Text.Encoding.UTF8.GetString(forwarded.RequestUriBytes), StringComparison.Ordinal);
        Assert.Equal("\"Fail-over Alice Caller\"", forwarded.From!.DisplayName);
    }

    [Fact]
    public void Busy_never_goes_to_forward_on_failure()
    {
        string config = DefaultConfig.Replace("to: [carrier-b, carrier-c] }", "to: [carrier-b], forward-on-failure: { number: '+14255550999', via: carrier-c, label: 'Fail-over' } }", StringComparison.Ordinal);
        using var h = new CallHarness(config);
        h.Deliver(Invite(), CarrierA);
        h.Deliver(Response(h.Network.Single(CarrierB, "INVITE"), 486, "b", "127.0.0.4"), CarrierB);
        Assert.Empty(h.Network.To(CarrierC, "INVITE"));
        h.Network.Single(CarrierA, "SIP/2.0 486");
    }
}
