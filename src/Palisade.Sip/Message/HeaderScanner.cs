namespace Palisade.Sip.Message;

/// <summary>
/// Splits a header block into <see cref="HeaderField"/> ranges without allocating. Accepts CRLF and, liberally, bare
/// LF line ends; joins folded continuation lines (RFC 3261 §7.3.1); header names are matched by <see cref="HeaderNames"/>.
/// </summary>
public static class HeaderScanner
{
    /// <param name="message">The whole message.</param>
    /// <param name="start">Index of the first header line (just past the start line).</param>
    /// <param name="fields">Receives the headers in wire order.</param>
    /// <param name="count">How many fields were written.</param>
    /// <param name="bodyStart">Index just past the empty line; the message length when <see cref="HeaderScanStatus.Unterminated"/>.</param>
    public static HeaderScanStatus Scan(ReadOnlySpan<byte> message, int start, Span<HeaderField> fields, out int count, out int bodyStart)
    {
        count = 0;
        int p = start;
        while (true)
        {
            if (p >= message.Length)
            {
                bodyStart = message.Length;
                return HeaderScanStatus.Unterminated;
            }
            byte b = message[p];
            if (b == (byte)'\n')
            {
                bodyStart = p + 1;
                return HeaderScanStatus.Ok;
            }
            if (b == (byte)'\r' && p + 1 < message.Length && message[p + 1] == (byte)'\n')
            {
                bodyStart = p + 2;
                return HeaderScanStatus.Ok;
            }

            bodyStart = p;
            if (b == (byte)' ' || b == (byte)'\t')
                return HeaderScanStatus.MalformedLine; // a continuation line with no header before it

            // Logical line: up to an LF that is not followed by SP/HT (folding).
            int lineStart = p, lineEnd, next;
            int q = p;
            while (true)
            {
                int lf = message.Slice(q).IndexOf((byte)'\n');
                if (lf < 0)
                {
                    lineEnd = message.Length;
                    next = message.Length;
                    break;
                }
                lf += q;
                if (lf + 1 < message.Length && (message[lf + 1] == (byte)' ' || message[lf + 1] == (byte)'\t'))
                {
                    q = lf + 1;
                    continue;
                }
                lineEnd = lf > lineStart && message[lf - 1] == (byte)'\r' ? lf - 1 : lf;
                next = lf + 1;
                break;
            }

            ReadOnlySpan<byte> line = message.Slice(lineStart, lineEnd - lineStart);
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
                return HeaderScanStatus.MalformedLine;
            int nameLength = colon;
            while (nameLength > 0 && (line[nameLength - 1] == (byte)' ' || line[nameLength - 1] == (byte)'\t'))
                nameLength--;
            ReadOnlySpan<byte> name = line.Slice(0, nameLength);
            if (name.IsEmpty || name.IndexOfAnyExcept(SipChars.Token) >= 0)
                return HeaderScanStatus.MalformedLine;

            int vs = colon + 1, ve = line.Length;
            while (vs < ve && SipChars.IsWhitespace(line[vs])) vs++;
            while (ve > vs && SipChars.IsWhitespace(line[ve - 1])) ve--;

            if (count == fields.Length)
                return HeaderScanStatus.TooManyHeaders;
            fields[count++] = new HeaderField(HeaderNames.Lookup(name), lineStart, nameLength, lineStart + vs, ve - vs, lineStart, next);
            p = next;
        }
    }
}
