using Palisade.Sbc.Tests.Infrastructure;
using Palisade.Sip.Message;
using static Palisade.Sbc.Tests.Infrastructure.CallHarness;
using static Palisade.Sbc.Tests.Infrastructure.PeerMessages;

namespace Palisade.Sbc.Tests.Calls;

public sealed class CancelTests
{
    private static string Cancel() =>
        "CANCEL sip:+14255550100@127.0.0.1:5060;user=phone SIP/2.0\n" +
        "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-caller-1;rport\n" +
        "Max-Forwards: 70\n" +
        "From: \"Alice Caller\" <sip:+14255551234@127.0.0.2>;tag=" + CallerTag + "\n" +
        "To: <sip:+14255550100@127.0.0.1>\n" +
        "Call-ID: " + CallerCallId + "\n" +
        "CSeq: 10 CANCEL\n" +
        "Content-Length: 0\n\n";

    [Fact]
    public void Cancel_while_ringing_gives_487_and_cancels_the_callee()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 180, "callee-tag", "127.0.0.4"), CarrierB);
        h.Deliver(Cancel(), CarrierA);
        h.Network.Single(CarrierA, "SIP/2.0 487");
        SipMessage cancel = h.Network.Single(CarrierB, "CANCEL");
        Assert.Equal(invite.CallId, cancel.CallId);
        Assert.Equal("cancelled", h.Records.Call.Cause);
        Assert.Equal("caller", h.Records.Call.EndedBy);
    }

    [Fact]
    public void Cancel_before_any_provisional_waits_for_one_before_cancelling()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Cancel(), CarrierA);
        h.Network.Single(CarrierA, "SIP/2.0 487");
        Assert.Empty(h.Network.To(CarrierB, "CANCEL")); // RFC 3261 §9.1: not before a provisional
        h.Deliver(Response(invite, 100, "callee-tag", "127.0.0.4"), CarrierB);
        h.Network.Single(CarrierB, "CANCEL");
    }

    [Fact]
    public void A_200_racing_the_cancel_is_acked_and_hung_up()
    {
        using var h = new CallHarness();
        h.Deliver(Invite(), CarrierA);
        SipMessage invite = h.Network.Single(CarrierB, "INVITE");
        h.Deliver(Response(invite, 180, "callee-tag", "127.0.0.4"), CarrierB);
        h.Deliver(Cancel(), CarrierA);
        h.Deliver(Response(invite, 200, "callee-tag", "127.0.0.4", Sdp("127.0.0.4", 7000)), CarrierB);
        h.Network.Single(CarrierB, "ACK");
        h.Network.Single(CarrierB, "BYE");
        // The caller only ever sees the 200 for its CANCEL: the INVITE stays answered 487.
        Assert.DoesNotContain(h.Network.To(CarrierA, "SIP/2.0 200"), m => m.CSeqMethod == SipMethod.Invite);
    }
}
