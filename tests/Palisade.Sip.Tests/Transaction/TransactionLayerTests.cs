using System.Diagnostics.Metrics;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using static Palisade.Sip.Tests.Transaction.TransactionHarness;

namespace Palisade.Sip.Tests.Transaction;

public sealed class TransactionLayerTests
{
    [Fact]
    public void Branches_carry_the_magic_cookie_and_are_unique()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 10_000; i++)
        {
            string branch = TransactionLayer.NewBranch();
            Assert.StartsWith("z9hG4bK", branch, StringComparison.Ordinal);
            Assert.Equal(31, branch.Length);
            Assert.True(seen.Add(branch));
        }
    }

    [Fact]
    public void A_stray_non_2xx_response_is_dropped_and_counted_and_a_stray_2xx_to_INVITE_goes_to_the_core()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite("z9hG4bK-nobody");

        Assert.Equal(TransactionDisposition.Dropped, h.Receive(Response(invite, 486)));
        Assert.Equal(TransactionDisposition.Dropped, h.Receive(Response(Request("BYE", "z9hG4bK-nobody"), 200)));
        Assert.Equal(TransactionDisposition.StrayResponse, h.Receive(Response(invite, 200)));

        Assert.Equal(2, h.Layer.StrayResponsesDropped);
        Assert.Single(h.User.Strays);
        Assert.Empty(h.User.Responses);
    }

    [Fact]
    public void Over_the_transaction_limit_a_request_gets_one_stateless_503_and_no_state()
    {
        using var h = new TransactionHarness(new TransactionOptions { MaxServerTransactions = 2 });
        h.Receive(Request("BYE", "z9hG4bK-limit-1"));
        h.Receive(Request("BYE", "z9hG4bK-limit-2"));
        Assert.Equal(2, h.Layer.Count);

        Assert.Equal(TransactionDisposition.Dropped, h.Receive(Invite("z9hG4bK-limit-3")));
        Assert.Equal(2, h.Layer.Count);
        Assert.Equal(2, h.User.Requests.Count);
        Assert.Equal(1, h.Sender.CountOf("SIP/2.0 503"));
        Assert.Contains("Retry-After: 5", System.Text.Encoding.ASCII.GetString(h.Sender.Messages[^1].Bytes), StringComparison.Ordinal);
        Assert.Equal(1, h.Layer.OverloadRefusals);

        // Stateless: no Timer G, so nothing is re-sent however long we wait.
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, h.Sender.CountOf("SIP/2.0 503"));
    }

    [Fact]
    public void A_response_with_more_than_one_Via_is_not_for_us_and_is_dropped()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Invite("z9hG4bK-twovias");
        h.Layer.CreateClientTransaction(invite, PeerUdp);
        string text = System.Text.Encoding.ASCII.GetString(Response(invite, 180).Bytes)
            .Replace("\r\nFrom", "\r\nVia: SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK-other\r\nFrom", StringComparison.Ordinal);
        SipMessage twoVias = SipParser.ParseDatagram(System.Text.Encoding.ASCII.GetBytes(text), out _)!;
        Assert.Equal(2, twoVias.ViaCount);

        // RFC 3261 §18.1.2: matched by branch or not, a response with a second Via is discarded.
        Assert.Equal(TransactionDisposition.Dropped, h.Receive(twoVias));
        Assert.Empty(h.User.Responses);
        Assert.Equal(TransactionDisposition.Response, h.Receive(Response(invite, 180)));
    }

    [Fact]
    public void An_ACK_that_matches_no_transaction_goes_to_the_core()
    {
        using var h = new TransactionHarness();
        Assert.Equal(TransactionDisposition.Ack, h.Receive(AckFor(Invite("z9hG4bK-x"), "t")));
        Assert.Single(h.User.Acks);
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void Client_transactions_need_a_unique_RFC_3261_branch_and_a_request_other_than_ACK()
    {
        using var h = new TransactionHarness();
        h.Layer.CreateClientTransaction(Invite("z9hG4bK-dup"), PeerUdp);

        Assert.Throws<InvalidOperationException>(() => h.Layer.CreateClientTransaction(Invite("z9hG4bK-dup"), PeerUdp));
        Assert.Throws<ArgumentException>(() => h.Layer.CreateClientTransaction(Invite("old-style-branch"), PeerUdp));
        Assert.Throws<ArgumentException>(() => h.Layer.CreateClientTransaction(AckFor(Invite("z9hG4bK-a"), "t"), PeerUdp));
        Assert.Throws<ArgumentException>(() => h.Layer.CreateClientTransaction("garbage"u8.ToArray(), PeerUdp));
        Assert.Equal(1, h.Layer.Count);
    }

    [Fact]
    public void A_request_given_as_bytes_is_parsed_and_sent_unchanged()
    {
        using var h = new TransactionHarness();
        byte[] bytes = Invite(TransactionLayer.NewBranch()).Bytes.ToArray();

        ClientTransaction tx = h.Layer.CreateClientTransaction(bytes, PeerUdp);

        Assert.Equal(bytes, h.Sender.Messages[0].Bytes);
        Assert.Equal(SipMethod.Invite, tx.Method);
    }

    [Fact]
    public void Client_and_server_keys_never_mix()
    {
        using var h = new TransactionHarness();
        SipMessage options = Request("OPTIONS", "z9hG4bK-loop");
        h.Layer.CreateClientTransaction(options, PeerUdp);

        // Our own request looped back to us is a new server transaction, not a response.
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(options));
        Assert.Equal(2, h.Layer.Count);
    }

    [Fact]
    public void Branch_matching_ignores_case_but_method_matching_does_not_confuse_INVITE_and_CANCEL()
    {
        using var h = new TransactionHarness();
        h.Receive(Invite("z9hG4bK-Case"));

        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(Invite("z9hG4bK-case")));
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(Request("CANCEL", "z9hG4bK-Case", cseq: 314159)));
    }

    [Fact]
    public void Absorbed_retransmissions_are_published_as_a_counter()
    {
        long absorbed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "palisade.sip.transactions.retransmissions.absorbed")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref absorbed, value));
        listener.Start();

        using var h = new TransactionHarness();
        SipMessage bye = Request("BYE", "z9hG4bK-metrics");
        h.Receive(bye);
        h.Receive(bye);

        Assert.True(Interlocked.Read(ref absorbed) >= 1);
        Assert.Equal(1, h.Layer.AbsorbedRetransmissions);
    }

    [Fact]
    public void A_full_call_leaves_no_transaction_and_no_timer_behind()
    {
        using var h = new TransactionHarness();
        // UAS side: INVITE answered 200, re-INVITE refused 488, BYE answered 200.
        h.User.OnRequestAction = tx => tx.Respond(tx.Method == SipMethod.Invite && tx.Request.CSeq == 2 ? 488 : 200, toTag: "t1");
        SipMessage invite = Request("INVITE", "z9hG4bK-call-1", cseq: 1);
        h.Receive(invite);
        h.Receive(AckFor(invite, "t1", "z9hG4bK-call-ack"));
        SipMessage reinvite = Request("INVITE", "z9hG4bK-call-2", cseq: 2);
        h.Receive(reinvite);
        h.Receive(AckFor(reinvite, "t1"));
        h.Receive(Request("BYE", "z9hG4bK-call-3", cseq: 3));

        // UAC side: INVITE 200, OPTIONS 200, BYE timing out.
        SipMessage outInvite = Request("INVITE", TransactionLayer.NewBranch(), cseq: 10);
        h.Layer.CreateClientTransaction(outInvite, PeerUdp);
        h.Receive(Response(outInvite, 200));
        SipMessage outOptions = Request("OPTIONS", TransactionLayer.NewBranch(), cseq: 11);
        h.Layer.CreateClientTransaction(outOptions, PeerUdp);
        h.Receive(Response(outOptions, 200));
        h.Layer.CreateClientTransaction(Request("BYE", TransactionLayer.NewBranch(), cseq: 12), PeerUdp);
        Assert.Equal(6, h.Layer.Count);

        h.Clock.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(0, h.Layer.Count);
        Assert.Equal(0, h.Wheel.Count);
        Assert.Single(h.User.Timeouts);
        Assert.Equal(0, h.Clock.ArmedTimers);
    }
}
