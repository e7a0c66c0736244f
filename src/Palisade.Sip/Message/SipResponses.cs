namespace Palisade.Sip.Message;

/// <summary>Builds responses to received requests (RFC 3261 §8.2.6.2).</summary>
public static class SipResponses
{
    /// <summary>
    /// Starts a response: status line, then Via (all, in order), From, To (with <paramref name="toTag"/> added when the
    /// request's To has no tag and the status is above 100), Call-ID and CSeq copied byte-for-byte from the request.
    /// The caller adds its own headers and calls <see cref="SipMessageWriter.Finish"/>.
    /// </summary>
    public static SipMessageWriter Start(SipMessage request, int status, string? reason = null, string? toTag = null)
    {
        var w = new SipMessageWriter();
        w.StatusLine(status, reason);
        w.CopyHeaders(request, HeaderId.Via);
        int from = request.IndexOf(HeaderId.From);
        if (from >= 0)
            w.CopyHeader(request, request.Headers[from]);
        int to = request.IndexOf(HeaderId.To);
        if (to >= 0)
        {
            HeaderField f = request.Headers[to];
            if (status > 100 && toTag is not null && request.ToTag is null)
            {
                w.Append(request.GetName(f));
                w.Append(": "u8);
                w.Append(request.GetValue(f));
                w.Append(";tag="u8);
                w.AppendUtf8(toTag);
                w.Append("\r\n"u8);
            }
            else
            {
                w.CopyHeader(request, f);
            }
        }
        int callId = request.IndexOf(HeaderId.CallId);
        if (callId >= 0)
            w.CopyHeader(request, request.Headers[callId]);
        int cseq = request.IndexOf(HeaderId.CSeq);
        if (cseq >= 0)
            w.CopyHeader(request, request.Headers[cseq]);
        return w;
    }

    /// <summary>Adds a Warning header with code 399 (miscellaneous) naming the problem (RFC 3261 §20.43).</summary>
    public static SipMessageWriter Warning(this SipMessageWriter w, string agent, string text)
    {
        // warn-text is a quoted-string: drop characters that would break it.
        string safe = text.Replace('"', '\'').Replace('\\', '/').Replace('\r', ' ').Replace('\n', ' ');
        return w.Header(HeaderId.Warning, "399 " + agent + " \"" + safe + "\"");
    }
}
