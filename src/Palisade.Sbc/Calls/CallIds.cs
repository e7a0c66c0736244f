namespace Palisade.Sbc.Calls;

/// <summary>Identifiers Palisade generates for its legs and calls: random, with nothing of either peer in them (topology hiding).</summary>
internal static class CallIds
{
    /// <summary>A Call-ID for a leg Palisade originates: 120 random bits, no host part (RFC 3261 §8.1.1.4 makes it optional).</summary>
    public static string NewSipCallId() => Sip.Transport.CallIdShards.NewCallId(System.Security.Cryptography.RandomNumberGenerator.GetInt32(256));

    /// <summary>A Call-ID for the other leg of the call whose first leg has <paramref name="callerCallId"/>: same shard, so
    /// both legs' messages are handled in order on one thread.</summary>
    public static string NewSipCallId(string callerCallId) => Sip.Transport.CallIdShards.NewCallId(Sip.Transport.CallIdShards.Bucket(callerCallId));

    /// <summary>Palisade's id of a call (CDR key).</summary>
    public static string NewCallId() => Random(10);

    /// <summary>An SDP session id (RFC 4566 §5.2: a numeric string; 62 bits keep it within a signed 64-bit NTP-style value).</summary>
    public static ulong NewSdpSessionId()
    {
        Span<byte> b = stackalloc byte[8];
        System.Security.Cryptography.RandomNumberGenerator.Fill(b);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b) >> 2;
    }

    private static string Random(int bytes)
    {
        Span<byte> b = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(b[..bytes]);
        return Convert.ToHexStringLower(b[..bytes]);
    }
}
