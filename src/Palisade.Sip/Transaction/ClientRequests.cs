using Palisade.Sip.Message;

namespace Palisade.Sip.Transaction;

/// <summary>Requests a client transaction derives from the request it sent: the hop-by-hop ACK and CANCEL.</summary>
internal static class ClientRequests
{
    /// <summary>
    /// The ACK for a non-2xx final response (§17.1.1.3): Request-URI, Call-ID, From and CSeq number of the INVITE,
    /// method ACK; only the INVITE's top Via (so the same branch); To from the response (with its tag); the INVITE's
    /// Route headers. Built once and re-sent for every retransmission of the response.
    /// </summary>
    public static byte[] Ack(SipMessage invite, SipMessage response) => HopByHop("ACK"u8, invite, response);

    /// <summary>
    /// The CANCEL for a pending request (§9.1): Request-URI, Call-ID, To, From and CSeq number identical to it, method
    /// CANCEL, a single Via equal to its top Via (the same branch, so the far end matches it, §9.2), its Route headers.
    /// </summary>
    public static byte[] Cancel(SipMessage request) => HopByHop("CANCEL"u8, request, request);

    /// <summary>Both share everything but the method and where To comes from.</summary>
    private static byte[] HopByHop(ReadOnlySpan<byte> method, SipMessage request, SipMessage toSource)
    {
        using var w = new SipMessageWriter(512);
        w.RequestLine(method, request.RequestUriBytes);
        w.Header(HeaderId.Via, TransactionKey.TopViaValue(request));
        w.Header(HeaderId.MaxForwards, 70);
        w.CopyFirstHeader(request, HeaderId.From);
        w.CopyFirstHeader(toSource, HeaderId.To);
        w.CopyFirstHeader(request, HeaderId.CallId);
        WriteCSeq(w, request.CSeq, method);
        w.CopyHeaders(request, HeaderId.Route);
        w.Finish();
        return w.ToArray();
    }

    private static void WriteCSeq(SipMessageWriter w, uint number, ReadOnlySpan<byte> method)
    {
        w.Append(HeaderNames.CanonicalName(HeaderId.CSeq));
        w.Append(": "u8);
        w.AppendNumber(number);
        w.Append((byte)' ');
        w.Append(method);
        w.Append("\r\n"u8);
    }
}
