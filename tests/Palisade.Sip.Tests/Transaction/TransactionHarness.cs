using System.Net;
using System.Text;
using Palisade.Sip.Message;
using Palisade.Testing;
using Palisade.Sip.Timers;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transaction;

/// <summary>A transaction layer on a fake clock, a recording sender and a recording TU, plus message builders.</summary>
internal sealed class TransactionHarness : IDisposable
{
    public static readonly SipDestination PeerUdp = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.20"), 5060));
    public static readonly SipDestination PeerTcp = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.20"), 5060), ConnectionId: 7);

    public TransactionHarness(TransactionOptions? options = null)
    {
        Clock = new FakeClock();
        Wheel = new TimerWheel(Clock);
        Sender = new RecordingSender(Clock);
        User = new RecordingUser();
        Layer = new TransactionLayer(Sender, User, Wheel, options);
    }

    public FakeClock Clock { get; }
    public TimerWheel Wheel { get; }
    public RecordingSender Sender { get; }
    public RecordingUser User { get; }
    public TransactionLayer Layer { get; }

    public static SipMessage Parse(string text)
    {
        SipMessage? message = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)), out SipParseError error);
        Assert.True(message is not null && error.Outcome == ParseOutcome.Ok, error.Detail);
        return message!;
    }

    /// <summary>An INVITE as the B2BUA would send it (two Route headers, so ACK and CANCEL must copy them).</summary>
    public static SipMessage Invite(string branch, string transport = "UDP", uint cseq = 314159, string method = "INVITE")
        => Parse(
            method + " sip:bob@biloxi.example.com SIP/2.0\n" +
            "Via: SIP/2.0/" + transport + " 192.0.2.10:5060;branch=" + branch + "\n" +
            "Max-Forwards: 70\n" +
            "Route: <sip:p1.example.com;lr>\n" +
            "Route: <sip:p2.example.com;lr>\n" +
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\n" +
            "To: Bob <sip:bob@biloxi.example.com>\n" +
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\n" +
            "CSeq: " + cseq + " " + method + "\n" +
            "Contact: <sip:alice@192.0.2.10>\n" +
            "Content-Length: 0\n\n");

    public static SipMessage Request(string method, string branch, string transport = "UDP", uint cseq = 1)
        => Invite(branch, transport, cseq, method);

    /// <summary>A response to <paramref name="request"/> as the far end would send it.</summary>
    public static SipMessage Response(SipMessage request, int status, string? toTag = "b-tag-77")
    {
        using SipMessageWriter w = SipResponses.Start(request, status, null, toTag);
        return SipParser.ParseFramed(w.Finish(), out _)!;
    }

    /// <summary>The ACK a UAC sends for a non-2xx final (same branch as the INVITE, §17.1.1.3).</summary>
    public static SipMessage AckFor(SipMessage invite, string toTag, string? branch = null)
        => Parse(
            "ACK sip:bob@biloxi.example.com SIP/2.0\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + (branch ?? invite.TopVia!.Branch) + "\n" +
            "Max-Forwards: 70\n" +
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\n" +
            "To: Bob <sip:bob@biloxi.example.com>;tag=" + toTag + "\n" +
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\n" +
            "CSeq: " + invite.CSeq + " ACK\n" +
            "Content-Length: 0\n\n");

    public TransactionDisposition Receive(SipMessage message, SipDestination? source = null)
        => Layer.ProcessInbound(new SipInbound(message, source ?? PeerUdp, "test"));

    public void Dispose()
    {
        Layer.Dispose();
        Wheel.Dispose();
    }
}
