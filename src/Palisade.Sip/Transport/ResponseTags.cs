using Palisade.Sip.Message;

namespace Palisade.Sip.Transport;

/// <summary>To-tags for responses Palisade generates: random, at least 32 bits (RFC 3261 §19.3).</summary>
public static class ResponseTags
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[8];
        CryptoRandomPool.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
