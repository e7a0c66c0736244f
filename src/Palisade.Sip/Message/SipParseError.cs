namespace Palisade.Sip.Message;

public enum ParseOutcome : byte
{
    Ok,
    /// <summary>The message is malformed but a response can be built from it: reply with <see cref="SipParseError.Status"/>.</summary>
    Reply,
    /// <summary>Nothing can or should be answered (a response, or no usable Via): drop it silently.</summary>
    Drop,
}

/// <summary>Why a message was refused: the status to answer with and a plain sentence for the Warning header (RFC 3261 §20.43).</summary>
public readonly record struct SipParseError(ParseOutcome Outcome, int Status, string? Detail)
{
    public static SipParseError None => default;

    public static SipParseError Reply(int status, string detail) => new(ParseOutcome.Reply, status, detail);

    public static SipParseError Drop(string detail) => new(ParseOutcome.Drop, 0, detail);
}
