using Palisade.Sbc.Calls;
using Palisade.Sip.Message;
using Palisade.Sip.Transport;
using Palisade.Sip.Transaction;

namespace Palisade.Sbc.Signalling;

/// <summary>
/// Writes requests Palisade sends on a leg, from that leg's own dialog state only (RFC 3261 §12.2.1.1): the
/// Request-URI is the remote target, Route the route set, From/To/Call-ID the leg's — nothing of the other leg.
/// </summary>
internal static class LegRequests
{
    /// <summary>Request line, Via (new branch), Max-Forwards, Route, From, To, Call-ID and CSeq; the caller adds the rest and finishes.</summary>
    public static SipMessageWriter Start(CallLeg leg, string method, string requestUri, uint cseq, string branch, int maxForwards = 70) =>
        Start(method, requestUri, leg.Listener.Transport, leg.ViaSentBy, branch, maxForwards, leg.RouteSet,
            leg.LocalParty, leg.LocalTag, leg.RemoteParty, leg.RemoteTag, leg.SipCallId, cseq);

    /// <summary>The same head for a request outside any call (OPTIONS probe, REGISTER): no route set.</summary>
    public static SipMessageWriter Start(string method, string requestUri, SipTransportKind transport, string viaSentBy, string branch,
        string from, string? fromTag, string to, string callId, uint cseq) =>
        Start(method, requestUri, transport, viaSentBy, branch, 70, [], from, fromTag, to, null, callId, cseq);

    private static SipMessageWriter Start(string method, string requestUri, SipTransportKind transport, string viaSentBy, string branch,
        int maxForwards, string[] routes, string from, string? fromTag, string to, string? toTag, string callId, uint cseq)
    {
        var w = new SipMessageWriter(1536);
        w.AppendUtf8(method);
        w.Append((byte)' ');
        w.AppendUtf8(requestUri);
        w.Append(" SIP/2.0\r\nVia: SIP/2.0/"u8);
        w.AppendUtf8(transport switch
        {
            SipTransportKind.Udp => "UDP",
            SipTransportKind.Tcp => "TCP",
            _ => "TLS",
        });
        w.Append((byte)' ');
        w.AppendUtf8(viaSentBy);
        w.Append(";branch="u8);
        w.AppendUtf8(branch);
        // rport (RFC 3581): ask a peer to answer where the request came from, whatever NAT sits between.
        w.Append(";rport\r\nMax-Forwards: "u8);
        w.AppendNumber(maxForwards);
        w.Append("\r\n"u8);
        foreach (string route in routes)
            w.Header(HeaderId.Route, route);
        w.Append("From: "u8);
        w.AppendUtf8(from);
        if (fromTag is not null)
        {
            w.Append(";tag="u8);
            w.AppendUtf8(fromTag);
        }
        w.Append("\r\nTo: "u8);
        w.AppendUtf8(to);
        if (toTag is not null)
        {
            w.Append(";tag="u8);
            w.AppendUtf8(toTag);
        }
        w.Append("\r\nCall-ID: "u8);
        w.AppendUtf8(callId);
        w.Append("\r\nCSeq: "u8);
        w.AppendNumber(cseq);
        w.Append((byte)' ');
        w.AppendUtf8(method);
        w.Append("\r\n"u8);
        return w;
    }

    /// <summary>A request inside the leg's dialog with the next local CSeq.</summary>
    public static SipMessageWriter InDialog(CallLeg leg, string method)
    {
        leg.LocalCSeq++;
        return Start(leg, method, leg.RemoteTarget ?? throw new InvalidOperationException("the dialog has no remote target"), leg.LocalCSeq, BranchIds.New());
    }

    /// <summary>The ACK for a 2xx to the INVITE with <paramref name="inviteCSeq"/> (§13.2.2.4): its own branch, the INVITE's CSeq number.</summary>
    public static byte[] Ack(CallLeg leg, uint inviteCSeq, ReadOnlySpan<byte> sdp = default)
    {
        using SipMessageWriter w = Start(leg, "ACK", leg.RemoteTarget ?? throw new InvalidOperationException("the dialog has no remote target"), inviteCSeq, BranchIds.New());
        w.Finish(sdp, sdp.IsEmpty ? null : "application/sdp");
        return w.ToArray();
    }

    /// <summary>Our Contact, Allow, Supported and User-Agent: what every dialog-forming or target-refreshing message carries.</summary>
    public static void Capabilities(SipMessageWriter w, CallLeg leg, string product, bool contact = true)
    {
        if (contact)
            w.Header(HeaderId.Contact, leg.Contact);
        w.Header(HeaderId.Allow, SipCapabilities.Allow);
        w.Header(HeaderId.Supported, SipCapabilities.Supported);
        w.Header(HeaderId.UserAgent, product);
    }
}
