namespace Palisade.Sip.Message;

public enum HeaderScanStatus : byte
{
    Ok,
    /// <summary>The data ended before the empty line that closes the header block.</summary>
    Unterminated,
    MalformedLine,
    TooManyHeaders,
}
