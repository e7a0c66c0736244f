using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using static Palisade.Sip.Tests.Transaction.TransactionHarness;

namespace Palisade.Sip.Tests.Transaction;

public sealed class ServerNonInviteTransactionTests
{
    private const string Branch = "z9hG4bK-server-bye-1";

    [Fact]
    public void Retransmissions_are_absorbed_for_Timer_J_then_the_transaction_is_forgotten()
    {
        using var h = new TransactionHarness();
        SipMessage bye = Request("BYE", Branch);
        h.Receive(bye);
        ServerTransaction tx = Assert.Single(h.User.Requests);

        // Trying: a retransmission is absorbed silently (§17.2.2).
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(bye));
        Assert.Empty(h.Sender.Messages);

        Assert.True(tx.HasRequest);
        Assert.True(tx.Respond(200));
        Assert.False(tx.Respond(500)); // one final response only
        // Completed keeps only what absorbing retransmissions needs: the parsed request is released.
        Assert.False(tx.HasRequest);
        Assert.Throws<InvalidOperationException>(() => tx.Request);
        Assert.Equal(SipMethod.Bye, tx.Method);
        Assert.Equal(Branch, tx.Branch);
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(bye));
        Assert.Equal(2, h.Sender.CountOf("SIP/2.0 200"));
        Assert.Equal(h.Sender.Messages[0].Bytes, h.Sender.Messages[1].Bytes);

        h.Clock.AdvanceTo(TimeSpan.FromMilliseconds(31_999));
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(bye));
        Assert.Equal(TransactionState.Completed, tx.State);
        h.Clock.AdvanceTo(TimeSpan.FromSeconds(32)); // Timer J = 64*T1

        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, h.Layer.Count);
        Assert.Single(h.User.Requests);
        Assert.Equal(3, h.Layer.AbsorbedRetransmissions);

        // Forgotten: the same request is now new to the layer.
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(bye));
        Assert.Equal(2, h.User.Requests.Count);
    }

    [Fact]
    public void A_provisional_response_is_re_sent_on_retransmission()
    {
        using var h = new TransactionHarness();
        SipMessage info = Request("INFO", Branch);
        h.Receive(info);
        ServerTransaction tx = h.User.Requests[0];
        tx.Respond(100);

        h.Receive(info);

        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.Equal(2, h.Sender.CountOf("SIP/2.0 100"));
    }

    [Fact]
    public void Over_TCP_Timer_J_is_zero()
    {
        using var h = new TransactionHarness();
        h.User.OnRequestAction = tx => tx.Respond(200);

        h.Receive(Request("OPTIONS", Branch, "TCP"), PeerTcp);

        Assert.Equal(1, h.Sender.CountOf("SIP/2.0 200"));
        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
    }

    [Fact]
    public void A_TU_that_never_answers_does_not_leak_the_transaction()
    {
        using var h = new TransactionHarness();
        h.Receive(Request("OPTIONS", Branch));

        h.Clock.Advance(TimeSpan.FromSeconds(32));

        Assert.Single(h.User.Timeouts);
        Assert.Equal(0, h.Layer.Count);
    }
}
