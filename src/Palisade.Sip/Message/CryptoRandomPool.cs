using System.Security.Cryptography;

namespace Palisade.Sip.Message;

/// <summary>
/// Cryptographically random bytes for tags and branches (RFC 3261 §19.3 asks for "cryptographically random" tags),
/// drawn from a per-thread buffer refilled 1 KiB at a time. One OpenSSL call per 8 bytes cost about 8 % of the CPU
/// of an OPTIONS answer under SIPp load; one per 128 identifiers does not show. The bytes are identifiers, not keys.
/// </summary>
internal static class CryptoRandomPool
{
    private const int PoolSize = 1024;

    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_used;

    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > PoolSize)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }
        byte[]? pool = t_pool;
        if (pool is null || t_used + destination.Length > PoolSize)
        {
            pool ??= t_pool = new byte[PoolSize];
            RandomNumberGenerator.Fill(pool);
            t_used = 0;
        }
        Span<byte> source = pool.AsSpan(t_used, destination.Length);
        source.CopyTo(destination);
        // Never hand out the same bytes twice.
        source.Clear();
        t_used += destination.Length;
    }
}
