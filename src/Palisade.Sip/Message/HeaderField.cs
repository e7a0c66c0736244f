namespace Palisade.Sip.Message;

/// <summary>
/// One header line as byte ranges into the message buffer. The value range excludes the colon and the leading and
/// trailing white space but keeps folded line breaks (RFC 3261 §7.3.1), which value readers treat as LWS.
/// </summary>
public readonly struct HeaderField(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, int lineStart, int lineEnd)
{
    public HeaderId Id { get; } = id;
    public int NameStart { get; } = nameStart;
    public int NameLength { get; } = nameLength;
    public int ValueStart { get; } = valueStart;
    public int ValueLength { get; } = valueLength;

    /// <summary>First byte of the header line (its name).</summary>
    public int LineStart { get; } = lineStart;

    /// <summary>Index just past the line's terminating LF, so a writer can copy the line through untouched.</summary>
    public int LineEnd { get; } = lineEnd;
}
