using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using static Palisade.Sip.Tests.Transaction.TransactionHarness;

namespace Palisade.Sip.Tests.Transaction;

public sealed class ClientNonInviteTransactionTests
{
    private const string Branch = "z9hG4bK-client-options-1";

    [Fact]
    public void Unanswered_request_over_UDP_doubles_Timer_E_up_to_T2_then_Timer_F_reports_a_408()
    {
        using var h = new TransactionHarness();
        ClientTransaction tx = h.Layer.CreateClientTransaction(Request("OPTIONS", Branch), PeerUdp);

        h.Clock.AdvanceTo(TimeSpan.FromMilliseconds(31_999));
        Assert.Empty(h.User.Timeouts);
        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32));

        // §17.1.2.2: E = T1, 2T1, 4T1, then capped at T2 = 4 s; F = 64*T1.
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], h.Sender.TimesOf("OPTIONS "));
        Assert.Same(tx, Assert.Single(h.User.Timeouts));
        Assert.Equal(408, tx.CreateLocalResponse(408).StatusCode);
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
    }

    [Fact]
    public void In_Proceeding_the_request_is_retransmitted_every_T2()
    {
        using var h = new TransactionHarness();
        SipMessage bye = Request("BYE", Branch);
        ClientTransaction tx = h.Layer.CreateClientTransaction(bye, PeerUdp);
        h.Clock.AdvanceMs(100);
        h.Receive(Response(bye, 100, null));
        Assert.Equal(TransactionState.Proceeding, tx.State);

        h.Clock.AdvanceTo(TimeSpan.FromSeconds(13));

        Assert.Equal([0, 0.5, 4.5, 8.5, 12.5], h.Sender.TimesOf("BYE "));
        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32));
        Assert.Single(h.User.Timeouts); // Timer F still applies in Proceeding
    }

    [Fact]
    public void A_final_response_is_passed_up_once_and_its_retransmissions_are_absorbed_until_Timer_K()
    {
        using var h = new TransactionHarness();
        SipMessage options = Request("OPTIONS", Branch);
        ClientTransaction tx = h.Layer.CreateClientTransaction(options, PeerUdp);
        SipMessage ok = Response(options, 200);

        Assert.Equal(TransactionDisposition.Response, h.Receive(ok));
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(ok));
        h.Clock.AdvanceMs(4_999);
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(ok));
        h.Clock.AdvanceMs(1); // Timer K = T4 = 5 s

        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Single(h.User.Responses);
        Assert.Equal(1, h.Sender.CountOf("OPTIONS ")); // answered before Timer E fired
        Assert.Equal(2, h.Layer.AbsorbedRetransmissions);
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void Over_TCP_there_is_no_Timer_E_and_the_final_response_ends_the_transaction()
    {
        using var h = new TransactionHarness();
        SipMessage options = Request("OPTIONS", Branch, "TCP");
        ClientTransaction tx = h.Layer.CreateClientTransaction(options, PeerTcp);
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, h.Sender.CountOf("OPTIONS "));

        h.Receive(Response(options, 200), PeerTcp);

        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
    }

    [Fact]
    public void A_response_with_the_right_branch_but_another_CSeq_method_does_not_match()
    {
        using var h = new TransactionHarness();
        SipMessage options = Request("OPTIONS", Branch);
        h.Layer.CreateClientTransaction(options, PeerUdp);

        Assert.Equal(TransactionDisposition.Dropped, h.Receive(Response(Request("INFO", Branch), 200)));
        Assert.Empty(h.User.Responses);
    }
}
