using System.Text;

namespace Palisade.Sip.Auth;

/// <summary>Names, strength ranking and digest sizes of <see cref="DigestAlgorithm"/> values.</summary>
public static class DigestAlgorithms
{
    /// <summary>
    /// The algorithm token (case-insensitive, RFC 7616 §3.3); <see cref="DigestAlgorithm.Unknown"/> for anything else.
    /// An absent algorithm parameter means MD5 (RFC 2617 §3.2.1): callers map that case themselves.
    /// </summary>
    public static DigestAlgorithm Parse(ReadOnlySpan<byte> token)
    {
        if (Ascii.EqualsIgnoreCase(token, "MD5"u8)) return DigestAlgorithm.Md5;
        if (Ascii.EqualsIgnoreCase(token, "MD5-sess"u8)) return DigestAlgorithm.Md5Sess;
        if (Ascii.EqualsIgnoreCase(token, "SHA-256"u8)) return DigestAlgorithm.Sha256;
        if (Ascii.EqualsIgnoreCase(token, "SHA-256-sess"u8)) return DigestAlgorithm.Sha256Sess;
        if (Ascii.EqualsIgnoreCase(token, "SHA-512-256"u8)) return DigestAlgorithm.Sha512t256;
        if (Ascii.EqualsIgnoreCase(token, "SHA-512-256-sess"u8)) return DigestAlgorithm.Sha512t256Sess;
        return DigestAlgorithm.Unknown;
    }

    /// <summary>The registered token, as Palisade writes it (RFC 7616 §3.3, RFC 8760).</summary>
    public static string ToToken(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha256Sess => "SHA-256-sess",
        DigestAlgorithm.Sha512t256 => "SHA-512-256",
        DigestAlgorithm.Sha512t256Sess => "SHA-512-256-sess",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a supported digest algorithm"),
    };

    /// <summary>
    /// Higher is stronger: SHA-512/256 &gt; SHA-256 &gt; MD5 (broken, kept by RFC 8760 only for backward
    /// compatibility); a "-sess" variant ranks with its hash. 0 for <see cref="DigestAlgorithm.Unknown"/>.
    /// </summary>
    public static int Strength(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 or DigestAlgorithm.Md5Sess => 1,
        DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess => 2,
        DigestAlgorithm.Sha512t256 or DigestAlgorithm.Sha512t256Sess => 3,
        _ => 0,
    };

    /// <summary>True for the "-sess" variants, whose HA1 includes the nonce and client nonce (RFC 7616 §3.4.2).</summary>
    public static bool IsSession(DigestAlgorithm algorithm) =>
        algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess or DigestAlgorithm.Sha512t256Sess;

    /// <summary>Digest size in bytes: 16 for MD5, 32 for the SHA-2 algorithms.</summary>
    internal static int HashSize(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 or DigestAlgorithm.Md5Sess => 16,
        DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess or DigestAlgorithm.Sha512t256 or DigestAlgorithm.Sha512t256Sess => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a supported digest algorithm"),
    };
}
