namespace Palisade.Sip.Message;

public enum FrameStatus : byte
{
    /// <summary>A whole message is available.</summary>
    Complete,
    /// <summary>More bytes are needed before the message can be framed.</summary>
    NeedMore,
    /// <summary>Leading CRLFs: an RFC 5626 §3.5.1 keep-alive ping ("\r\n\r\n") or pong ("\r\n").</summary>
    KeepAlive,
    /// <summary>The message exceeds the size limit; the stream cannot be re-synchronised.</summary>
    TooLarge,
    /// <summary>Framing is impossible (bad or repeated Content-Length, malformed header block).</summary>
    Invalid,
}
