namespace Palisade.Sbc.Signalling;

/// <summary>
/// What Palisade remembers of the last SDP a peer sent: enough to recognise the same description again (a session
/// refresh, RFC 4028) without keeping its bytes for the whole call. 64-bit FNV-1a and the length.
/// </summary>
internal readonly record struct SdpFingerprint(ulong Hash, int Length)
{
    public static SdpFingerprint Of(ReadOnlySpan<byte> sdp)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in sdp)
        {
            hash ^= b;
            hash *= 1099511628211;
        }
        return new SdpFingerprint(hash, sdp.Length);
    }
}
