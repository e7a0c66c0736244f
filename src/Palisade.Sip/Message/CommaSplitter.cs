namespace Palisade.Sip.Message;

/// <summary>
/// Splits a header value into its comma-separated elements (RFC 3261 §7.3.1), ignoring commas inside
/// quoted strings and angle brackets. Allocation-free.
/// </summary>
internal ref struct CommaSplitter(ReadOnlySpan<byte> value)
{
    private readonly ReadOnlySpan<byte> _value = value;
    private int _position;
    private bool _done = value.IsEmpty;

    /// <summary>Set when a quoted string or angle bracket was not closed.</summary>
    public bool Unbalanced { get; private set; }

    /// <summary>The next element with surrounding LWS trimmed; it may be empty (",," is malformed in most headers).</summary>
    public bool TryNext(out ReadOnlySpan<byte> element)
    {
        element = default;
        if (_done)
            return false;
        bool quoted = false, angle = false;
        int start = _position;
        int i = _position;
        for (; i < _value.Length; i++)
        {
            byte b = _value[i];
            if (quoted)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') quoted = false;
                continue;
            }
            if (b == (byte)'"') quoted = true;
            else if (b == (byte)'<') angle = true;
            else if (b == (byte)'>') angle = false;
            else if (b == (byte)',' && !angle) break;
        }
        if (quoted || angle)
            Unbalanced = true;
        if (i >= _value.Length)
        {
            _done = true;
            element = SipChars.TrimLws(_value.Slice(start, Math.Min(i, _value.Length) - start));
            return true;
        }
        element = SipChars.TrimLws(_value.Slice(start, i - start));
        _position = i + 1;
        return true;
    }
}
