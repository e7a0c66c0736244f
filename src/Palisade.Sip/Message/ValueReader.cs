namespace Palisade.Sip.Message;

/// <summary>
/// A cursor over one header value. Linear white space — SP, HT and folded line breaks — separates tokens
/// (RFC 3261 §7.3.1, §25.1 LWS/SWS); callers skip it explicitly where the grammar allows it.
/// </summary>
internal ref struct ValueReader(ReadOnlySpan<byte> value)
{
    private readonly ReadOnlySpan<byte> _value = value;

    public int Position { get; set; }

    public readonly bool AtEnd => Position >= _value.Length;

    public readonly ReadOnlySpan<byte> Remaining => _value.Slice(Position);

    public readonly int Peek() => Position < _value.Length ? _value[Position] : -1;

    public void SkipLws()
    {
        while (Position < _value.Length && SipChars.IsWhitespace(_value[Position]))
            Position++;
    }

    /// <summary>Skips LWS then consumes <paramref name="c"/> and the LWS after it (SWS c SWS).</summary>
    public bool TryConsumeSeparator(byte c)
    {
        int save = Position;
        SkipLws();
        if (Position < _value.Length && _value[Position] == c)
        {
            Position++;
            SkipLws();
            return true;
        }
        Position = save;
        return false;
    }

    public bool TryConsume(byte c)
    {
        if (Position < _value.Length && _value[Position] == c)
        {
            Position++;
            return true;
        }
        return false;
    }

    /// <summary>Reads 1*token-char; empty when none is there.</summary>
    public ReadOnlySpan<byte> ReadToken() => ReadWhile(SipChars.Token);

    public ReadOnlySpan<byte> ReadWhile(System.Buffers.SearchValues<byte> chars)
    {
        ReadOnlySpan<byte> rest = _value.Slice(Position);
        int n = rest.IndexOfAnyExcept(chars);
        if (n < 0) n = rest.Length;
        Position += n;
        return rest.Slice(0, n);
    }

    /// <summary>Reads up to (not including) the first <paramref name="stop"/> byte or the end.</summary>
    public ReadOnlySpan<byte> ReadUntil(byte stop)
    {
        ReadOnlySpan<byte> rest = _value.Slice(Position);
        int n = rest.IndexOf(stop);
        if (n < 0) n = rest.Length;
        Position += n;
        return rest.Slice(0, n);
    }

    /// <summary>
    /// Reads a quoted-string (RFC 3261 §25.1) at the cursor, returning its raw contents between the quotes
    /// (escapes not removed). False when the string is unterminated or holds a bare control character.
    /// </summary>
    public bool TryReadQuoted(out ReadOnlySpan<byte> contents)
    {
        contents = default;
        if (Peek() != '"')
            return false;
        int start = Position + 1;
        for (int i = start; i < _value.Length; i++)
        {
            byte b = _value[i];
            if (b == (byte)'\\')
            {
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                if (i + 1 >= _value.Length || _value[i + 1] is (byte)'\r' or (byte)'\n' or > 0x7F)
                    return false;
                i++;
                continue;
            }
            if (b == (byte)'"')
            {
                contents = _value.Slice(start, i - start);
                Position = i + 1;
                return true;
            }
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n'))
                return false;
        }
        return false;
    }
}
