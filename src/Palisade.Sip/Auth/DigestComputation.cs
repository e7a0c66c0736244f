using System.Security.Cryptography;

namespace Palisade.Sip.Auth;

/// <summary>
/// The request-digest of RFC 2617 §3.2.2.1 / RFC 7616 §3.4.1, shared by the client (<see cref="DigestAuthenticator"/>)
/// and the server (<see cref="DigestServer"/>) so both sides compute exactly the same thing. Every intermediate value
/// lives in stack buffers; strings are hashed as their UTF-8 bytes (RFC 7616 §3.4.1: the unquoted values).
/// </summary>
internal static class DigestComputation
{
    /// <summary>Hex length of the longest digest (SHA-256, SHA-512/256).</summary>
    public const int MaxHexLength = 64;

    private const int StackInput = 512;

    /// <summary>
    /// Writes the lower-case hex response into <paramref name="destination"/> (at least <see cref="MaxHexLength"/>
    /// bytes) and returns its length. <paramref name="qop"/> null is the RFC 2069 form without qop, cnonce and nc
    /// (RFC 2617 §3.2.2.1, still required of SIP clients by RFC 3261 §22.4); "auth-int" adds H(body) to A2, the
    /// hash of the empty string when there is no body (RFC 3261 §22.4).
    /// </summary>
    public static int Response(
        DigestAlgorithm algorithm,
        string username,
        string realm,
        string password,
        string nonce,
        string method,
        string uri,
        string? qop,
        string? cnonce,
        ReadOnlySpan<byte> nonceCount,
        ReadOnlySpan<byte> body,
        Span<byte> destination)
    {
        int hexLength = DigestAlgorithms.HashSize(algorithm) * 2;
        Span<byte> ha1 = stackalloc byte[MaxHexLength];
        Span<byte> ha2 = stackalloc byte[MaxHexLength];
        ha1 = ha1.Slice(0, hexLength);
        ha2 = ha2.Slice(0, hexLength);
        var input = new DigestInputBuilder(stackalloc byte[StackInput]);
        try
        {
            // A1 = username ":" realm ":" password (RFC 7616 §3.4.2).
            input.AppendUtf8(username);
            input.Colon();
            input.AppendUtf8(realm);
            input.Colon();
            input.AppendUtf8(password);
            HashHex(algorithm, input.Written, ha1);
            input.Clear();

            if (DigestAlgorithms.IsSession(algorithm))
            {
                // -sess: A1 = H(username ":" realm ":" password) ":" nonce ":" cnonce.
                input.Append(ha1);
                input.Colon();
                input.AppendUtf8(nonce);
                input.Colon();
                input.AppendUtf8(cnonce ?? "");
                HashHex(algorithm, input.Written, ha1);
                input.Clear();
            }

            // A2 = method ":" uri [":" H(body)] (RFC 7616 §3.4.3).
            input.AppendUtf8(method);
            input.Colon();
            input.AppendUtf8(uri);
            if (qop is not null && qop.Equals("auth-int", StringComparison.OrdinalIgnoreCase))
            {
                Span<byte> bodyHash = stackalloc byte[MaxHexLength];
                bodyHash = bodyHash.Slice(0, hexLength);
                HashHex(algorithm, body, bodyHash);
                input.Colon();
                input.Append(bodyHash);
            }
            HashHex(algorithm, input.Written, ha2);
            input.Clear();

            // response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2), or H(HA1 ":" nonce ":" HA2) without qop.
            input.Append(ha1);
            input.Colon();
            input.AppendUtf8(nonce);
            input.Colon();
            if (qop is not null)
            {
                input.Append(nonceCount);
                input.Colon();
                input.AppendUtf8(cnonce ?? "");
                input.Colon();
                input.AppendUtf8(qop);
                input.Colon();
            }
            input.Append(ha2);
            HashHex(algorithm, input.Written, destination);
            return hexLength;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ha1);
            input.Dispose();
        }
    }

    /// <summary>Lower-case hex of H(data), most significant nibble first (RFC 2617 §3.1.3, for every algorithm).</summary>
    public static void HashHex(DigestAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> hexDestination)
    {
        Span<byte> digest = stackalloc byte[32];
        int size = DigestAlgorithms.HashSize(algorithm);
        digest = digest.Slice(0, size);
        switch (algorithm)
        {
            case DigestAlgorithm.Md5:
            case DigestAlgorithm.Md5Sess:
                // MD5 is what most SIP peers still offer; RFC 8760 keeps it for backward compatibility only.
#pragma warning disable CA5351
                MD5.HashData(data, digest);
#pragma warning restore CA5351
                break;
            case DigestAlgorithm.Sha256:
            case DigestAlgorithm.Sha256Sess:
                SHA256.HashData(data, digest);
                break;
            default:
                Sha512t256.HashData(data, digest);
                break;
        }
        ToHexLower(digest, hexDestination);
    }

    public static void ToHexLower(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (int i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = digits[bytes[i] >> 4];
            destination[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }
    }

    /// <summary>nc-value = 8LHEX (RFC 2617 §3.2.2).</summary>
    public static void FormatNonceCount(uint nonceCount, Span<byte> destination)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (int i = 7; i >= 0; i--)
        {
            destination[i] = digits[(int)(nonceCount & 0xF)];
            nonceCount >>= 4;
        }
    }
}
