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
        CopyVias(w, request);
        w.CopyFirstHeader(request, HeaderId.From);
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
        w.CopyFirstHeader(request, HeaderId.CallId);
        w.CopyFirstHeader(request, HeaderId.CSeq);
        return w;
    }

    /// <summary>
    /// Copies the Via headers; the first via-parm gains <c>received</c> when the sent-by host is not the source address
    /// (RFC 3261 §18.2.1) and a value for an empty <c>rport</c> (RFC 3581 §4), so the response and any later hop know
    /// where the request really came from (the peer is behind NAT when they differ).
    /// </summary>
    private static void CopyVias(SipMessageWriter w, SipMessage request)
    {
        ReadOnlySpan<HeaderField> headers = request.Headers;
        bool first = true;
        for (int i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id != HeaderId.Via)
                continue;
            if (!first || request.ReceivedFrom is not { } source || request.TopVia is not { } via)
            {
                w.CopyHeader(request, headers[i]);
                first = false;
                continue;
            }
            first = false;
            string sourceAddress = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4().ToString() : source.Address.ToString();
            bool addReceived = via.Received is null && !string.Equals(via.Host.Trim('[', ']'), sourceAddress, StringComparison.OrdinalIgnoreCase);
            bool fillRport = via.GetParameter("rport") is { Length: 0 };
            if (!addReceived && !fillRport)
            {
                w.CopyHeader(request, headers[i]);
                continue;
            }

            ReadOnlySpan<byte> value = request.GetValue(headers[i]);
            var split = new CommaSplitter(value);
            split.TryNext(out ReadOnlySpan<byte> firstParm);
            value.Overlaps(firstParm, out int offset);
            int end = offset + firstParm.Length;
            w.Append(request.GetName(headers[i]));
            w.Append(": "u8);
            if (fillRport)
            {
                // Rewrite the parameter list so rport carries the source port where it stood.
                WriteWithRport(w, firstParm, source.Port);
            }
            else
            {
                w.Append(firstParm);
            }
            if (addReceived)
            {
                w.Append(";received="u8);
                w.AppendUtf8(sourceAddress);
            }
            w.Append(value.Slice(end));
            w.Append("\r\n"u8);
        }
    }

    private static void WriteWithRport(SipMessageWriter w, ReadOnlySpan<byte> viaParm, int port)
    {
        // Find ";rport" not followed by "=" (parameter names are case-insensitive) and append "=port" to it.
        for (int i = viaParm.IndexOf((byte)';'); i >= 0;)
        {
            int nameStart = i + 1;
            while (nameStart < viaParm.Length && SipChars.IsWhitespace(viaParm[nameStart])) nameStart++;
            int nameEnd = nameStart;
            while (nameEnd < viaParm.Length && SipChars.Token.Contains(viaParm[nameEnd])) nameEnd++;
            int after = nameEnd;
            while (after < viaParm.Length && SipChars.IsWhitespace(viaParm[after])) after++;
            if (System.Text.Ascii.EqualsIgnoreCase(viaParm.Slice(nameStart, nameEnd - nameStart), "rport"u8) && (after >= viaParm.Length || viaParm[after] != (byte)'='))
            {
                w.Append(viaParm.Slice(0, nameEnd));
                w.Append((byte)'=');
                w.AppendNumber(port);
                w.Append(viaParm.Slice(nameEnd));
                return;
            }
            int next = viaParm.Slice(nameEnd).IndexOf((byte)';');
            i = next < 0 ? -1 : nameEnd + next;
        }
        w.Append(viaParm);
    }

    /// <summary>Adds a Warning header with code 399 (miscellaneous) naming the problem (RFC 3261 §20.43).</summary>
    public static SipMessageWriter Warning(this SipMessageWriter w, string agent, string text)
    {
        // warn-text is a quoted-string: drop characters that would break it.
        string safe = text.Replace('"', '\'').Replace('\\', '/').Replace('\r', ' ').Replace('\n', ' ');
        return w.Header(HeaderId.Warning, "399 " + agent + " \"" + safe + "\"");
    }
}
