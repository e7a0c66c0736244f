namespace Palisade.Sip.Transport;

/// <summary>
/// Which shard handles a Call-ID (DESIGN.md §2: work is sharded by Call-ID so a call's messages are handled in order
/// without global locks). Every Call-ID maps to a bucket 0–255; Call-IDs Palisade generates for a call's other leg
/// carry the bucket of the call's first leg, so both legs of a B2BUA call land on the same shard whatever the shard
/// count.
/// </summary>
public static class CallIdShards
{
    private const string Prefix = "pz";

    /// <summary>Shard of <paramref name="callId"/> among <paramref name="count"/>.</summary>
    public static int Of(ReadOnlySpan<char> callId, int count) => count <= 1 ? 0 : Bucket(callId) % count;

    /// <summary>The bucket (0–255) of a Call-ID: the embedded one for Palisade's own, a hash otherwise.</summary>
    public static int Bucket(ReadOnlySpan<char> callId)
    {
        if (callId.Length == Prefix.Length + 2 + 30 && callId.StartsWith(Prefix, StringComparison.Ordinal)
            && TryHex(callId[2], out int hi) && TryHex(callId[3], out int lo))
            return (hi << 4) | lo;
        // FNV-1a: cheap, stable across processes (string.GetHashCode is randomised per process).
        uint hash = 2166136261;
        foreach (char c in callId)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return (int)((hash ^ (hash >> 8) ^ (hash >> 16) ^ (hash >> 24)) & 0xFF);
    }

    /// <summary>A new Call-ID in <paramref name="bucket"/>: "pz", two hex digits, 120 random bits (no host part: nothing to leak).</summary>
    public static string NewCallId(int bucket)
    {
        Span<byte> random = stackalloc byte[15];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[Prefix.Length + 2 + 30];
        chars[0] = 'p';
        chars[1] = 'z';
        chars[2] = Hex(bucket >> 4);
        chars[3] = Hex(bucket & 0xF);
        Convert.TryToHexStringLower(random, chars[4..], out _);
        return new string(chars);
    }

    private static char Hex(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);

    private static bool TryHex(char c, out int v)
    {
        v = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : -1;
        return v >= 0;
    }
}
