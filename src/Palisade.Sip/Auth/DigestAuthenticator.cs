using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Auth;

/// <summary>
/// The client side of SIP digest authentication: the Authorization / Proxy-Authorization value answering a
/// challenge (RFC 3261 §22.2–22.4, RFC 2617 §3.2.2, RFC 7616 §3.4, RFC 8760).
/// </summary>
public static class DigestAuthenticator
{
    /// <summary>
    /// Computes the credentials value for a request. <paramref name="nonceCount"/> counts the requests sent with
    /// this nonce, 1 for the first (RFC 2617 §3.2.2); <paramref name="body"/> is the request body, hashed only for
    /// qop=auth-int. Parameters are written in RFC 7616 §3.4 style: quoted strings except algorithm, qop and nc.
    /// </summary>
    /// <exception cref="ArgumentException">The challenge cannot be answered (<see cref="DigestChallenge.IsSupported"/>),
    /// or a value contains control characters.</exception>
    public static string CreateAuthorization(
        string method,
        string requestUri,
        DigestChallenge challenge,
        DigestCredentials credentials,
        uint nonceCount,
        string cnonce,
        ReadOnlySpan<byte> body = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(requestUri);
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(cnonce);
        ArgumentOutOfRangeException.ThrowIfZero(nonceCount);
        if (!challenge.IsSupported)
            throw new ArgumentException("the challenge's algorithm or qop is not supported", nameof(challenge));
        DigestSyntax.ThrowIfUnsafe(method, nameof(method));
        DigestSyntax.ThrowIfUnsafe(requestUri, nameof(requestUri));
        DigestSyntax.ThrowIfUnsafe(credentials.Username, nameof(credentials));
        DigestSyntax.ThrowIfUnsafe(cnonce, nameof(cnonce));

        // Prefer "auth": "auth-int" only when it is all the server offers (RFC 2617 §3.2.2 leaves the choice to the
        // client; auth-int breaks as soon as anything on the path rewrites the body, which SBCs routinely do).
        string? qop = !challenge.QopOffered ? null
            : (challenge.Qop & DigestQop.Auth) != 0 ? "auth"
            : "auth-int";

        Span<byte> nc = stackalloc byte[8];
        DigestComputation.FormatNonceCount(nonceCount, nc);
        Span<byte> response = stackalloc byte[DigestComputation.MaxHexLength];
        int length = DigestComputation.Response(
            challenge.Algorithm, credentials.Username, challenge.Realm, credentials.Password, challenge.Nonce,
            method, requestUri, qop, qop is null ? null : cnonce, nc, body, response);

        var sb = new StringBuilder(256);
        sb.Append("Digest ");
        DigestSyntax.AppendQuoted(sb, "username", credentials.Username);
        sb.Append(", ");
        DigestSyntax.AppendQuoted(sb, "realm", challenge.Realm);
        sb.Append(", ");
        DigestSyntax.AppendQuoted(sb, "nonce", challenge.Nonce);
        sb.Append(", ");
        DigestSyntax.AppendQuoted(sb, "uri", requestUri);
        sb.Append(", response=\"").Append(Encoding.ASCII.GetString(response.Slice(0, length))).Append('"');
        // Echo the algorithm only when the challenge named one: an RFC 2069 server may not know the parameter.
        if (challenge.AlgorithmText is not null)
            sb.Append(", algorithm=").Append(DigestAlgorithms.ToToken(challenge.Algorithm));
        if (qop is not null)
        {
            sb.Append(", ");
            DigestSyntax.AppendQuoted(sb, "cnonce", cnonce);
        }
        if (challenge.Opaque is not null)
        {
            // RFC 2617 §3.2.2: opaque is returned unchanged.
            sb.Append(", ");
            DigestSyntax.AppendQuoted(sb, "opaque", challenge.Opaque);
        }
        if (qop is not null)
            sb.Append(", qop=").Append(qop).Append(", nc=").Append(Encoding.ASCII.GetString(nc));
        return sb.ToString();
    }

    /// <summary>As above with a fresh random client nonce (<see cref="CreateCnonce"/>).</summary>
    public static string CreateAuthorization(
        string method,
        string requestUri,
        DigestChallenge challenge,
        DigestCredentials credentials,
        uint nonceCount = 1,
        ReadOnlySpan<byte> body = default) =>
        CreateAuthorization(method, requestUri, challenge, credentials, nonceCount, CreateCnonce(), body);

    /// <summary>
    /// A client nonce: 128 random bits as 32 hex digits. It only has to be unpredictable to defeat chosen-plaintext
    /// attacks (RFC 2617 §4.9), so the pooled CSPRNG bytes used for tags serve.
    /// </summary>
    public static string CreateCnonce()
    {
        Span<byte> random = stackalloc byte[16];
        CryptoRandomPool.Fill(random);
        return Convert.ToHexStringLower(random);
    }
}
