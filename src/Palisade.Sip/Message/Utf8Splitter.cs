namespace Palisade.Sip.Message;

/// <summary>Enumerates the ranges between separators of a byte span without allocating.</summary>
internal ref struct Utf8Splitter(ReadOnlySpan<byte> value, byte separator)
{
    private readonly ReadOnlySpan<byte> _value = value;
    private int _next;

    public Range Current { get; private set; }

    public readonly Utf8Splitter GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next > _value.Length)
            return false;
        int rel = _value.Slice(_next).IndexOf(separator);
        int end = rel < 0 ? _value.Length : _next + rel;
        Current = new Range(_next, end);
        _next = end + 1;
        return true;
    }
}
