using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using static Palisade.Sip.Tests.Transaction.TransactionHarness;

namespace Palisade.Sip.Tests.Transaction;

public sealed class ServerInviteTransactionTests
{
    private const string Branch = "z9hG4bK-server-invite-1";
    private const string ToTag = "sbc-tag-1";

    [Fact]
    public void Sends_100_Trying_when_the_TU_is_silent_for_200_ms()
    {
        using var h = new TransactionHarness();
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(Invite(Branch)));

        h.Clock.AdvanceMs(199);
        Assert.Empty(h.Sender.Messages);
        h.Clock.AdvanceMs(1);

        Assert.Single(h.Sender.Messages);
        SipMessage trying = h.Sender.Parse(0);
        Assert.Equal(100, trying.StatusCode);
        Assert.Null(trying.ToTag);
        Assert.Equal(Branch, trying.TopVia!.Branch);
        Assert.Equal(PeerUdp, h.Sender.Messages[0].Destination);
        Assert.Equal(100, h.User.Requests[0].LastStatus);
    }

    [Fact]
    public void No_100_Trying_when_the_TU_answers_first()
    {
        using var h = new TransactionHarness();
        h.User.OnRequestAction = tx => tx.Respond(180, toTag: ToTag);
        h.Receive(Invite(Branch));

        h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(h.Sender.Messages);
        Assert.Equal(180, h.Sender.Parse(0).StatusCode);
    }

    [Fact]
    public void A_retransmitted_INVITE_re_sends_the_last_provisional_response_and_is_absorbed()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        h.Receive(invite);
        ServerTransaction tx = Assert.Single(h.User.Requests);
        Assert.True(tx.Respond(180, toTag: ToTag));

        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(invite));

        Assert.Single(h.User.Requests);
        Assert.Equal(2, h.Sender.Messages.Count);
        Assert.Equal(h.Sender.Messages[0].Bytes, h.Sender.Messages[1].Bytes);
        Assert.Equal(1, h.Layer.AbsorbedRetransmissions);
    }

    [Fact]
    public void A_retransmitted_INVITE_before_any_response_gets_100_Trying_at_once()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        h.Receive(invite);
        h.Clock.AdvanceMs(50);

        h.Receive(invite);
        Assert.Equal(100, h.Sender.Last.StatusCode);
        h.Clock.AdvanceMs(500);
        Assert.Single(h.Sender.Messages); // the 200 ms timer no longer sends another
    }

    [Fact]
    public void Timer_G_retransmits_a_486_doubling_to_T2_until_Timer_H_gives_up_without_ACK()
    {
        using var h = new TransactionHarness();
        h.User.OnRequestAction = tx => tx.Respond(486, toTag: ToTag);
        h.Receive(Invite(Branch));
        ServerTransaction tx = h.User.Requests[0];

        h.Clock.AdvanceTo(TimeSpan.FromMilliseconds(31_999));
        Assert.Empty(h.User.Timeouts);
        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32));

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], h.Sender.TimesOf("SIP/2.0 486"));
        Assert.Same(tx, Assert.Single(h.User.Timeouts)); // §17.2.1: the ACK never came
        Assert.Equal(TransactionOutcome.Timeout, tx.Outcome);
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
    }

    [Fact]
    public void The_ACK_stops_Timer_G_and_ACK_retransmissions_are_absorbed_until_Timer_I()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        h.User.OnRequestAction = tx => tx.Respond(486, toTag: ToTag);
        h.Receive(invite);
        ServerTransaction tx = h.User.Requests[0];
        Assert.False(tx.HasRequest); // Completed with a non-2xx: only the 486 and the key are kept
        h.Clock.AdvanceMs(600); // one Timer G retransmission at 0.5 s

        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(invite)); // INVITE again: re-send the 486
        Assert.Equal(3, h.Sender.CountOf("SIP/2.0 486"));
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(AckFor(invite, ToTag)));
        Assert.Equal(TransactionState.Confirmed, tx.State);
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(AckFor(invite, ToTag)));
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(invite)); // absorbed silently in Confirmed
        Assert.Empty(h.User.Acks);

        h.Clock.AdvanceTo(TimeSpan.FromMilliseconds(5_599));
        Assert.Equal(TransactionState.Confirmed, tx.State);
        h.Clock.AdvanceTo(TimeSpan.FromMilliseconds(5_600)); // Timer I = T4 from the ACK
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(3, h.Sender.CountOf("SIP/2.0 486"));
        Assert.Empty(h.User.Timeouts);
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void Over_TCP_the_486_is_not_retransmitted_and_the_ACK_ends_the_transaction()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch, "TCP");
        h.User.OnRequestAction = tx => tx.Respond(486, toTag: ToTag);
        h.Receive(invite, PeerTcp);
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, h.Sender.CountOf("SIP/2.0 486"));
        Assert.Equal(PeerTcp, h.Sender.Messages[0].Destination); // back over the same connection

        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(AckFor(invite, ToTag), PeerTcp));
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
    }

    [Fact]
    public void After_a_2xx_INVITE_retransmissions_are_absorbed_and_ACKs_go_to_the_core_until_Timer_L()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        h.User.OnRequestAction = tx => tx.Respond(200, toTag: ToTag);
        h.Receive(invite);
        ServerTransaction tx = h.User.Requests[0];
        Assert.Equal(TransactionState.Accepted, tx.State);

        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(invite));
        Assert.Equal(1, h.Sender.CountOf("SIP/2.0 200")); // the core retransmits 2xx, not the transaction
        Assert.True(tx.Respond(200, toTag: ToTag)); // ...through the transaction while it is Accepted
        Assert.False(tx.Respond(486, toTag: ToTag));
        Assert.Equal(TransactionDisposition.Ack, h.Receive(AckFor(invite, ToTag, branch: "z9hG4bK-ack-for-2xx")));
        Assert.Equal(TransactionDisposition.Ack, h.Receive(AckFor(invite, ToTag)));
        Assert.Equal(2, h.User.Acks.Count);

        Assert.True(tx.HasRequest);
        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32)); // Timer L = 64*T1
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, h.Layer.Count);
        Assert.False(tx.HasRequest); // a B2BUA keeps its legs' INVITE transactions for the whole call: the request goes
    }

    [Fact]
    public void CANCEL_finds_the_INVITE_it_cancels_so_the_core_answers_200_and_487()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        h.Receive(invite);
        ServerTransaction inviteTx = h.User.Requests[0];
        inviteTx.Respond(180, toTag: ToTag);
        h.User.OnRequestAction = cancelTx =>
        {
            ServerTransaction cancelled = cancelTx.CancelledInvite!;
            cancelTx.Respond(200, toTag: ToTag);
            cancelled.Respond(487, toTag: ToTag);
        };

        SipMessage cancel = Request("CANCEL", Branch, cseq: invite.CSeq);
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(cancel));

        ServerTransaction cancelTx = h.User.Requests[1];
        Assert.Equal(SipMethod.Cancel, cancelTx.Method);
        Assert.Same(inviteTx, cancelTx.CancelledInvite);
        Assert.Equal(200, h.Sender.Parse(1).StatusCode);
        Assert.Equal(SipMethod.Cancel, h.Sender.Parse(1).CSeqMethod);
        Assert.Equal(487, h.Sender.Parse(2).StatusCode);
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(AckFor(invite, ToTag)));

        // A CANCEL retransmission gets the 200 again; a CANCEL for an unknown branch finds nothing (481).
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(cancel));
        Assert.Equal(200, h.Sender.Last.StatusCode);
        h.User.OnRequestAction = t => t.Respond(481, toTag: ToTag);
        h.Receive(Request("CANCEL", "z9hG4bK-unknown", cseq: invite.CSeq));
        Assert.Null(h.User.Requests[2].CancelledInvite);

        h.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void A_CANCEL_from_another_sent_by_does_not_match()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        h.Receive(invite);
        string text = Request("CANCEL", Branch, cseq: invite.CSeq).ToString().Replace("192.0.2.10:5060", "192.0.2.99:5060", StringComparison.Ordinal);

        h.Receive(Parse(text));

        Assert.Null(h.User.Requests[1].CancelledInvite);
    }

    [Fact]
    public void A_refused_response_is_a_transport_error()
    {
        using var h = new TransactionHarness();
        h.Receive(Invite(Branch));
        ServerTransaction tx = h.User.Requests[0];
        h.Sender.Fail = true;

        tx.Respond(486, toTag: ToTag);

        Assert.Same(tx, Assert.Single(h.User.TransportErrors));
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
    }

    [Fact]
    public void A_response_needs_a_status_line()
    {
        using var h = new TransactionHarness();
        h.Receive(Invite(Branch));
        Assert.Throws<ArgumentException>(() => h.User.Requests[0].SendResponse("INVITE sip:x SIP/2.0\r\n\r\n"u8.ToArray()));
    }
}
