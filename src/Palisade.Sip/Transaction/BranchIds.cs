using Palisade.Sip.Message;

namespace Palisade.Sip.Transaction;

/// <summary>Via branch parameters for requests Palisade sends (RFC 3261 §8.1.1.7).</summary>
public static class BranchIds
{
    /// <summary>The RFC 3261 magic cookie: a branch starting with it promises global uniqueness.</summary>
    public const string MagicCookie = "z9hG4bK";

    /// <summary>"z9hG4bK" followed by 96 random bits: unique across time and space without coordination.</summary>
    public static string New()
    {
        Span<byte> random = stackalloc byte[12];
        CryptoRandomPool.Fill(random);
        Span<char> chars = stackalloc char[MagicCookie.Length + 24];
        MagicCookie.AsSpan().CopyTo(chars);
        Convert.TryToHexStringLower(random, chars.Slice(MagicCookie.Length), out _);
        return new string(chars);
    }
}
