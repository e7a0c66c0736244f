using System.Text;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using static Palisade.Sip.Tests.Transaction.TransactionHarness;

namespace Palisade.Sip.Tests.Transaction;

/// <summary>§17.2.3 fallback for requests without a "z9hG4bK" branch, on the RFC 4475 §3.4.1 torture message.</summary>
public sealed class Rfc2543MatchingTests
{
    private const string ToTag = "sbc-2543";

    private static readonly string Path = System.IO.Path.Combine(FindShared(), "testdata", "rfc4475", "inv2543.dat");

    private static string FindShared()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = System.IO.Path.Combine(d.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "testdata")))
                return candidate;
        }
        return "/work/shared";
    }

    private static SipMessage Inv2543()
    {
        SipMessage? m = SipParser.ParseDatagram(File.ReadAllBytes(Path), out SipParseError error);
        Assert.True(m is not null && error.Outcome == ParseOutcome.Ok, error.Detail);
        Assert.False(m!.TopVia!.HasRfc3261Branch);
        return m;
    }

    private static SipMessage Variant(SipMessage original, string from, string to)
        => SipParser.ParseDatagram(Encoding.UTF8.GetBytes(original.ToString().Replace(from, to, StringComparison.Ordinal)), out _)!;

    /// <summary>The ACK an RFC 2543 UAC sends for our final response: same Request-URI, top Via, Call-ID, CSeq number.</summary>
    private static SipMessage AckFor2543(SipMessage invite, string toTag)
        => Parse(
            "ACK sip:UserB@example.com SIP/2.0\n" +
            "Via: SIP/2.0/UDP iftgw.example.com\n" +
            "From: <sip:+13035551111@ift.client.example.net;user=phone>\n" +
            "To: sip:+16505552222@ss1.example.net;user=phone;tag=" + toTag + "\n" +
            "Call-ID: " + invite.CallId + "\n" +
            "CSeq: 56 ACK\n" +
            "Content-Length: 0\n\n");

    [Fact]
    public void A_retransmitted_2543_INVITE_matches_its_transaction()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Inv2543();

        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(invite));
        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(Inv2543()));
        Assert.Single(h.User.Requests);

        // Another CSeq, Call-ID or top Via is another transaction.
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(Variant(invite, "CSeq: 56", "CSeq: 57")));
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(Variant(invite, "inv2543.1717", "inv2543.1718")));
        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(Variant(invite, "iftgw.example.com", "iftgw2.example.com")));
        Assert.Equal(4, h.User.Requests.Count);
    }

    [Fact]
    public void The_ACK_for_the_final_response_matches_by_the_response_To_tag()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Inv2543();
        h.User.OnRequestAction = tx => tx.Respond(486, toTag: ToTag);
        h.Receive(invite);
        ServerTransaction tx = h.User.Requests[0];

        // An ACK with another To tag is not for this transaction's response: it goes to the core.
        Assert.Equal(TransactionDisposition.Ack, h.Receive(AckFor2543(invite, "other")));
        Assert.Equal(TransactionState.Completed, tx.State);

        Assert.Equal(TransactionDisposition.Absorbed, h.Receive(AckFor2543(invite, ToTag)));
        Assert.Equal(TransactionState.Confirmed, tx.State);
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, h.Sender.CountOf("SIP/2.0 486"));
        Assert.Equal(0, h.Layer.Count);
    }

    [Fact]
    public void A_2543_CANCEL_finds_its_INVITE()
    {
        using var h = new TransactionHarness();
        SipMessage invite = Inv2543();
        h.Receive(invite);
        SipMessage cancel = Variant(Variant(invite, "INVITE sip:", "CANCEL sip:"), "CSeq: 56 INVITE", "CSeq: 56 CANCEL");

        Assert.Equal(TransactionDisposition.NewRequest, h.Receive(cancel));
        Assert.Same(h.User.Requests[0], h.User.Requests[1].CancelledInvite);
    }
}
