namespace Palisade.Sip.Message;

/// <summary>
/// Reads header lines one at a time as <see cref="HeaderField"/> ranges, without storing them: the framer only
/// needs Content-Length and a line count, the parser stores every field (<see cref="HeaderScanner"/>).
/// </summary>
internal ref struct HeaderLineReader(ReadOnlySpan<byte> message, int start)
{
    private readonly ReadOnlySpan<byte> _message = message;
    private int _position = start;

    /// <summary>Ok once the empty line was read; otherwise why reading stopped.</summary>
    public HeaderScanStatus Status { get; private set; }

    /// <summary>Index just past the empty line (Ok), the message length (Unterminated), or the bad line's start.</summary>
    public int BodyStart { get; private set; }

    /// <summary>Reads the next header; false at the empty line (<see cref="Status"/> Ok) or on an error.</summary>
    public bool TryNext(out HeaderField field)
    {
        field = default;
        ReadOnlySpan<byte> message = _message;
        int p = _position;
        if (p >= message.Length)
            return Stop(HeaderScanStatus.Unterminated, message.Length);
        byte b = message[p];
        if (b == (byte)'\n')
            return Stop(HeaderScanStatus.Ok, p + 1);
        if (b == (byte)'\r' && p + 1 < message.Length && message[p + 1] == (byte)'\n')
            return Stop(HeaderScanStatus.Ok, p + 2);
        if (b == (byte)' ' || b == (byte)'\t')
            return Stop(HeaderScanStatus.MalformedLine, p); // a continuation line with no header before it

        // Logical line: up to an LF that is not followed by SP/HT (folding, RFC 3261 §7.3.1).
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
        if (line.IndexOfAny((byte)'\r', (byte)0) >= 0 && HasStrayControl(line))
            return Stop(HeaderScanStatus.MalformedLine, p);
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
            return Stop(HeaderScanStatus.MalformedLine, p);
        int nameLength = colon;
        while (nameLength > 0 && (line[nameLength - 1] == (byte)' ' || line[nameLength - 1] == (byte)'\t'))
            nameLength--;
        ReadOnlySpan<byte> name = line.Slice(0, nameLength);
        if (name.IsEmpty || name.IndexOfAnyExcept(SipChars.Token) >= 0)
            return Stop(HeaderScanStatus.MalformedLine, p);

        int vs = colon + 1, ve = line.Length;
        while (vs < ve && SipChars.IsWhitespace(line[vs])) vs++;
        while (ve > vs && SipChars.IsWhitespace(line[ve - 1])) ve--;

        field = new HeaderField(HeaderNames.Lookup(name), lineStart, nameLength, lineStart + vs, ve - vs, lineStart, next);
        _position = next;
        BodyStart = next;
        return true;
    }

    /// <summary>
    /// A CR that does not start a CRLF (folding keeps its CRLF inside the line), or a NUL outside a quoted string:
    /// a next hop that ends lines at a bare CR would read a different message than we did (header smuggling). Inside
    /// quoted strings quoted-pairs may carry NUL (RFC 3261 §25.1, RFC 4475 §3.1.1.2). Rare path: only lines holding
    /// such a byte get here.
    /// </summary>
    private static bool HasStrayControl(ReadOnlySpan<byte> line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            byte b = line[i];
            if (b == (byte)'\r' && (i + 1 >= line.Length || line[i + 1] != (byte)'\n'))
                return true;
            if (quoted && b == (byte)'\\')
            {
                i++;
                continue;
            }
            if (b == (byte)'"')
                quoted = !quoted;
            else if (b == 0 && !quoted)
                return true;
        }
        return false;
    }

    private bool Stop(HeaderScanStatus status, int bodyStart)
    {
        Status = status;
        BodyStart = bodyStart;
        return false;
    }
}
