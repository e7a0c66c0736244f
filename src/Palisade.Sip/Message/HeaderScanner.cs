namespace Palisade.Sip.Message;

/// <summary>
/// Splits a header block into <see cref="HeaderField"/> ranges without allocating. Accepts CRLF and, liberally, bare
/// LF line ends; joins folded continuation lines (RFC 3261 §7.3.1); header names are matched by <see cref="HeaderNames"/>.
/// </summary>
internal static class HeaderScanner
{
    /// <param name="message">The whole message.</param>
    /// <param name="start">Index of the first header line (just past the start line).</param>
    /// <param name="fields">Receives the headers in wire order.</param>
    /// <param name="count">How many fields were written.</param>
    /// <param name="bodyStart">Index just past the empty line; the message length when <see cref="HeaderScanStatus.Unterminated"/>.</param>
    public static HeaderScanStatus Scan(ReadOnlySpan<byte> message, int start, Span<HeaderField> fields, out int count, out int bodyStart)
    {
        count = 0;
        var reader = new HeaderLineReader(message, start);
        while (reader.TryNext(out HeaderField field))
        {
            if (count == fields.Length)
            {
                bodyStart = field.LineStart;
                return HeaderScanStatus.TooManyHeaders;
            }
            fields[count++] = field;
        }
        bodyStart = reader.BodyStart;
        return reader.Status;
    }
}
