namespace Palisade.Sbc.Calls;

/// <summary>
/// Keys of the leg table. A callee leg's Call-ID is Palisade's own and unique; a caller leg's Call-ID is the peer's,
/// so it is qualified by the peer's tag (two peers may pick the same Call-ID, RFC 3261 §12 identifies a dialog by
/// Call-ID and both tags).
/// </summary>
internal static class LegKeys
{
    public static string Caller(string callId, string? remoteTag) => string.Concat(callId, "\n", remoteTag);
}
