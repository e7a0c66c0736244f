using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using static Palisade.Sip.Tests.Transaction.TransactionHarness;

namespace Palisade.Sip.Tests.Transaction;

public sealed class ClientInviteTransactionTests
{
    private const string Branch = "z9hG4bK-client-invite-1";

    [Fact]
    public void Unanswered_INVITE_over_UDP_is_sent_7_times_then_Timer_B_reports_a_408()
    {
        using var h = new TransactionHarness();
        ClientTransaction tx = h.Layer.CreateClientTransaction(Invite(Branch), PeerUdp, userState: "leg-1");

        h.Clock.AdvanceTo(TimeSpan.FromMilliseconds(31_999));
        Assert.Empty(h.User.Timeouts);
        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32));

        // Timer A doubles from T1: 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; Timer B fires at 64*T1 = 32 s (§17.1.1.2).
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], h.Sender.TimesOf("INVITE "));
        Assert.Same(tx, Assert.Single(h.User.Timeouts));
        Assert.Equal("leg-1", tx.UserState);
        Assert.Equal(TransactionOutcome.Timeout, tx.Outcome);
        Assert.Equal(TransactionState.Terminated, tx.State);
        SipMessage local = tx.CreateLocalResponse(408);
        Assert.Equal(408, local.StatusCode);
        Assert.Equal(tx.CallId, local.CallId);
        Assert.Equal(6, h.Layer.RetransmissionsSent);
        Assert.Equal(1, h.Layer.Timeouts);
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(7, h.Sender.CountOf("INVITE "));
    }

    [Fact]
    public void INVITE_over_TCP_is_never_retransmitted_and_still_times_out_with_Timer_B()
    {
        using var h = new TransactionHarness();
        ClientTransaction tx = h.Layer.CreateClientTransaction(Invite(Branch, "TCP"), PeerTcp);

        h.Clock.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal([0.0], h.Sender.TimesOf("INVITE "));
        Assert.Equal(PeerTcp, h.Sender.Messages[0].Destination);
        Assert.Same(tx, Assert.Single(h.User.Timeouts));
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void A_provisional_response_stops_retransmissions_and_Timer_B()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        ClientTransaction tx = h.Layer.CreateClientTransaction(invite, PeerUdp);
        h.Clock.AdvanceMs(700); // one retransmission at 0.5 s

        Assert.Equal(TransactionDisposition.Response, h.Receive(Response(invite, 100, null)));
        Assert.Equal(TransactionDisposition.Response, h.Receive(Response(invite, 180)));
        h.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.Equal(2, h.Sender.CountOf("INVITE "));
        Assert.Empty(h.User.Timeouts);
        Assert.Equal([100, 180], h.User.Responses.ConvertAll(r => r.Response.StatusCode));
        Assert.Equal(1, h.Layer.Count);

        // The leak guard ends a call the TU forgot (no RFC timer does in Proceeding).
        h.Clock.Advance(h.Layer.Options.InviteProceedingLimit);
        Assert.Single(h.User.Timeouts);
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void A_486_is_ACKed_by_the_transaction_with_the_headers_of_section_17_1_1_3()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        h.Layer.CreateClientTransaction(invite, PeerUdp);
        h.Receive(Response(invite, 180));

        Assert.Equal(TransactionDisposition.Response, h.Receive(Response(invite, 486)));

        RecordingSender.Sent sent = h.Sender.Messages[^1];
        Assert.Equal(PeerUdp, sent.Destination);
        SipMessage? ack = SipParser.ParseDatagram(sent.Bytes, out SipParseError error);
        Assert.NotNull(ack);
        Assert.Equal(ParseOutcome.Ok, error.Outcome);
        Assert.Equal(SipMethod.Ack, ack.Method);
        Assert.Equal("sip:bob@biloxi.example.com", System.Text.Encoding.UTF8.GetString(ack.RequestUriBytes));
        Assert.Equal(1, ack.ViaCount);
        Assert.Equal(Branch, ack.TopVia!.Branch);
        Assert.Equal("192.0.2.10", ack.TopVia.Host);
        Assert.Equal(invite.CallId, ack.CallId);
        Assert.Equal("1928301774", ack.FromTag);
        Assert.Equal("b-tag-77", ack.ToTag);
        Assert.Equal(314159u, ack.CSeq);
        Assert.Equal(SipMethod.Ack, ack.CSeqMethod);
        Assert.Equal(70, ack.MaxForwards);
        Assert.Equal(0, ack.BodyLength);
        int first = ack.IndexOf(HeaderId.Route);
        int second = ack.IndexOf(HeaderId.Route, first + 1);
        Assert.Equal("<sip:p1.example.com;lr>", System.Text.Encoding.UTF8.GetString(ack.GetValue(ack.Headers[first])));
        Assert.Equal("<sip:p2.example.com;lr>", System.Text.Encoding.UTF8.GetString(ack.GetValue(ack.Headers[second])));
        Assert.Equal([180, 486], h.User.Responses.ConvertAll(r => r.Response.StatusCode));
    }

    [Fact]
    public void A_retransmitted_486_is_ACKed_again_and_absorbed_until_Timer_D()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        ClientTransaction tx = h.Layer.CreateClientTransaction(invite, PeerUdp);
        SipMessage busy = Response(invite, 486);
        h.Receive(busy);
        h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(busy));
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(busy));

        List<double> acks = h.Sender.TimesOf("ACK ");
        Assert.Equal([0.0, 1.0, 1.0], acks);
        Assert.Equal(h.Sender.Messages[1].Bytes, h.Sender.Messages[^1].Bytes);
        Assert.Single(h.User.Responses);
        Assert.Equal(2, h.Layer.AbsorbedRetransmissions);

        // Timer D: 32 s on UDP from the first final response.
        h.Clock.AdvanceTo(TimeSpan.FromMilliseconds(31_999));
        Assert.Equal(TransactionState.Completed, tx.State);
        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32));
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(TransactionOutcome.Completed, tx.Outcome);
        Assert.Equal(0, h.Layer.Count);

        // Afterwards the same 486 is a stray and is dropped (§18.1.2).
        Assert.Equal(TransactionDisposition.Dropped, h.Receive(busy));
        Assert.Equal(1, h.Layer.StrayResponsesDropped);
    }

    [Fact]
    public void Over_TCP_a_final_response_terminates_at_once_because_Timer_D_is_zero()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch, "TCP");
        ClientTransaction tx = h.Layer.CreateClientTransaction(invite, PeerTcp);

        h.Receive(Response(invite, 603), PeerTcp);

        Assert.Equal(1, h.Sender.CountOf("ACK "));
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
    }

    [Fact]
    public void A_2xx_is_passed_up_without_ACK_and_2xx_retransmissions_reach_the_TU_until_Timer_M()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        ClientTransaction tx = h.Layer.CreateClientTransaction(invite, PeerUdp);
        SipMessage ok = Response(invite, 200);

        Assert.Equal(TransactionDisposition.Response, h.Receive(ok));
        Assert.Equal(TransactionState.Accepted, tx.State);
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TransactionDisposition.Response, h.Receive(ok)); // RFC 6026 §8.4
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(Response(invite, 500)));

        Assert.Equal(0, h.Sender.CountOf("ACK ")); // the ACK for a 2xx is the core's (§13.2.2.4)
        Assert.Equal(1, h.Sender.CountOf("INVITE ")); // no retransmission after the answer
        Assert.Equal(2, h.User.Responses.Count);

        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32)); // Timer M = 64*T1 from the 2xx
        Assert.Equal(0, h.Layer.Count);

        // A 2xx after that is a stray the core must still ACK.
        Assert.Equal(TransactionDisposition.StrayResponse, h.Receive(ok));
        Assert.Single(h.User.Strays);
    }

    [Fact]
    public void A_refused_send_ends_the_transaction_with_a_transport_error()
    {
        using var h = new TransactionHarness();
        h.Sender.Fail = true;

        ClientTransaction tx = h.Layer.CreateClientTransaction(Invite(Branch), PeerUdp);

        Assert.Same(tx, Assert.Single(h.User.TransportErrors));
        Assert.Equal(TransactionOutcome.TransportError, tx.Outcome);
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
        Assert.Equal(1, h.Layer.TransportErrors);
        Assert.Equal(503, tx.CreateLocalResponse(503).StatusCode);
    }

    [Fact]
    public void A_refused_retransmission_is_a_transport_error_too()
    {
        using var h = new TransactionHarness();
        ClientTransaction tx = h.Layer.CreateClientTransaction(Invite(Branch), PeerUdp);
        h.Sender.Fail = true;

        h.Clock.AdvanceMs(500);

        Assert.Same(tx, Assert.Single(h.User.TransportErrors));
        Assert.Empty(h.User.Timeouts);
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void CANCEL_is_built_per_section_9_1_and_runs_its_own_transaction_beside_the_INVITE()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite(Branch);
        ClientTransaction inviteTx = h.Layer.CreateClientTransaction(invite, PeerUdp);
        h.Receive(Response(invite, 180));

        ClientTransaction cancelTx = h.Layer.CreateClientTransaction(inviteTx.CreateCancel(), inviteTx.Destination);
        SipMessage cancel = cancelTx.Request;
        Assert.Equal(SipMethod.Cancel, cancel.Method);
        Assert.Equal(Branch, cancel.TopVia!.Branch);
        Assert.Equal(1, cancel.ViaCount);
        Assert.Equal(invite.CSeq, cancel.CSeq);
        Assert.Equal(SipMethod.Cancel, cancel.CSeqMethod);
        Assert.Null(cancel.ToTag);
        Assert.Equal(invite.FromTag, cancel.FromTag);
        Assert.True(cancel.IndexOf(HeaderId.Route) >= 0);
        Assert.Equal(2, h.Layer.Count);

        // Responses are matched by branch AND CSeq method (§17.1.3).
        h.Receive(Response(cancel, 200));
        h.Receive(Response(invite, 487));
        Assert.Same(cancelTx, h.User.Responses[1].Transaction);
        Assert.Same(inviteTx, h.User.Responses[2].Transaction);
        Assert.Equal(1, h.Sender.CountOf("ACK "));

        h.Clock.Advance(TimeSpan.FromSeconds(33));
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void Only_an_INVITE_can_be_cancelled()
    {
        using var h = new TransactionHarness();
        ClientTransaction tx = h.Layer.CreateClientTransaction(Request("OPTIONS", Branch), PeerUdp);
        Assert.Throws<InvalidOperationException>(() => tx.CreateCancel());
    }
}
