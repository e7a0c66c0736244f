using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Auth;

/// <summary>
/// The server side of SIP digest authentication, for trunks that authenticate with credentials instead of an IP
/// allow-list (RFC 3261 §22.1, §22.4; RFC 7616 §3.3). Nonces are self-validating, so no per-challenge state is
/// kept: nonce = base64(timestamp ‖ random ‖ HMAC-SHA256(key, label ‖ algorithm ‖ timestamp ‖ random ‖ realm)). The
/// MAC binds the nonce to this realm and to the algorithm it was offered with, so a nonce from a SHA-256 challenge
/// cannot be answered with MD5. A nonce is accepted for its whole lifetime, any number of times: nc is not tracked,
/// so a captured request can be replayed until its nonce expires (RFC 2617 §4.5 leaves the nonce policy to the
/// server; a short lifetime bounds the window).
/// </summary>
/// <remarks>
/// To offer several algorithms, call <see cref="CreateChallenge"/> once per algorithm and add the headers most
/// preferred first (RFC 8760 §2.3). The class is immutable and thread-safe.
/// </remarks>
public sealed class DigestServer
{
    private const int TimestampSize = 8;
    private const int RandomSize = 8;
    private const int MacSize = 32;
    private const int NonceSize = TimestampSize + RandomSize + MacSize;
    private const int NonceTextLength = NonceSize / 3 * 4;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <param name="realm">The protection space announced to clients (RFC 7616 §3.3), e.g. the SBC's host name.</param>
    /// <param name="secretKey">At least 16 random bytes, kept secret; the same key on every node lets any node verify.</param>
    /// <param name="timeProvider">Clock for nonce ages.</param>
    /// <param name="nonceLifetime">How long a nonce is accepted before it is answered with stale=true.</param>
    public DigestServer(string realm, ReadOnlySpan<byte> secretKey, TimeProvider timeProvider, TimeSpan nonceLifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(realm);
        DigestSyntax.ThrowIfUnsafe(realm, nameof(realm));
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (secretKey.Length < 16)
            throw new ArgumentException("the secret key must be at least 16 bytes", nameof(secretKey));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nonceLifetime, TimeSpan.Zero);
        Realm = realm;
        _key = secretKey.ToArray();
        _time = timeProvider;
        NonceLifetime = nonceLifetime;
    }

    public string Realm { get; }
    public TimeSpan NonceLifetime { get; }

    /// <summary>
    /// A WWW-Authenticate (401) or Proxy-Authenticate (407) value with a fresh nonce and qop="auth" (RFC 7616 §3.3:
    /// the server sends qop). <paramref name="stale"/> answers a <see cref="DigestOutcome.Stale"/> verification.
    /// </summary>
    public string CreateChallenge(DigestAlgorithm algorithm = DigestAlgorithm.Sha256, bool stale = false)
    {
        string token = DigestAlgorithms.ToToken(algorithm); // throws for Unknown
        var sb = new StringBuilder(160);
        sb.Append("Digest ");
        DigestSyntax.AppendQuoted(sb, "realm", Realm);
        sb.Append(", ");
        DigestSyntax.AppendQuoted(sb, "nonce", CreateNonce(algorithm));
        sb.Append(", algorithm=").Append(token).Append(", qop=\"auth\"");
        if (stale)
            sb.Append(", stale=true");
        return sb.ToString();
    }

    /// <summary>A nonce for <paramref name="algorithm"/> stamped with the current time.</summary>
    internal string CreateNonce(DigestAlgorithm algorithm)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().ToUnixTimeMilliseconds());
        CryptoRandomPool.Fill(nonce.Slice(TimestampSize, RandomSize));
        ComputeMac(algorithm, nonce.Slice(0, TimestampSize + RandomSize), nonce.Slice(TimestampSize + RandomSize));
        return Convert.ToBase64String(nonce);
    }

    /// <summary>
    /// Checks the request's Authorization (or, for <paramref name="proxy"/>, Proxy-Authorization) credentials for this
    /// realm. <paramref name="passwordForUser"/> returns the user's password or null for an unknown user; it is
    /// called only for credentials that carry a nonce this server issued.
    /// </summary>
    public DigestVerification Verify(SipMessage request, bool proxy, Func<string, string?> passwordForUser)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(passwordForUser);

        // RFC 3261 §22.3: a request may carry credentials for several realms; only ours is checked.
        HeaderId id = proxy ? HeaderId.ProxyAuthorization : HeaderId.Authorization;
        DigestAuthorization? auth = null, otherRealm = null;
        string? parseError = null;
        for (int i = request.IndexOf(id); i >= 0; i = request.IndexOf(id, i + 1))
        {
            ReadOnlySpan<byte> value = request.GetValue(request.Headers[i]);
            if (!DigestAuthorization.IsDigest(value))
                continue; // another scheme is someone else's business
            if (!DigestAuthorization.TryParse(value, out DigestAuthorization? a, out string? e))
            {
                parseError ??= e; // reported if no credentials for our realm turn up
                continue;
            }
            if (string.Equals(a!.Realm, Realm, StringComparison.Ordinal))
            {
                auth = a;
                break;
            }
            otherRealm ??= a;
        }
        if (auth is null)
        {
            if (parseError is not null)
                return Invalid(null, "malformed credentials: " + parseError);
            // Proxy-Authorization for other realms belongs to other proxies on the path (RFC 3261 §22.3): ours are
            // simply missing. Authorization is for the UAS, which is us: another realm there is a wrong answer.
            if (otherRealm is not null && !proxy)
                return Invalid(otherRealm.Username, "credentials are for realm '" + otherRealm.Realm + "', not '" + Realm + "'");
            return new DigestVerification(DigestOutcome.Missing, null, "no Digest credentials for realm " + Realm);
        }

        string user = auth.Username;
        if (auth.Algorithm == DigestAlgorithm.Unknown)
            return Invalid(user, "unsupported algorithm");
        if (!TryReadNonce(auth.Nonce, auth.Algorithm, out long issuedAt))
            return Invalid(user, "nonce was not issued by this server for this realm and algorithm");
        if (auth.Qop is null)
            return Invalid(user, "credentials without qop (the challenge asked for qop=auth)");
        if (!UriMatches(auth.Uri, request))
            return Invalid(user, "uri parameter does not match the Request-URI");

        // An unknown user costs the same hashing as a wrong password, so timing does not tell them apart.
        string? password = passwordForUser(user);
        Span<byte> nc = stackalloc byte[8];
        Encoding.ASCII.GetBytes(auth.NonceCount!, nc); // 8 hex digits, checked by the parser
        Span<byte> expected = stackalloc byte[DigestComputation.MaxHexLength];
        int length = DigestComputation.Response(
            auth.Algorithm, user, Realm, password ?? "", auth.Nonce, request.MethodText, auth.Uri, auth.Qop, auth.Cnonce,
            nc, request.Body, expected);
        if (password is null)
            return Invalid(user, "unknown user");
        if (!ResponseEquals(expected.Slice(0, length), auth.Response))
            return Invalid(user, "wrong response (wrong password, or the request was altered)");

        // RFC 2617 §3.2.1: stale only when the digest is right for a nonce that is no longer valid.
        long age = _time.GetUtcNow().ToUnixTimeMilliseconds() - issuedAt;
        long lifetime = (long)NonceLifetime.TotalMilliseconds;
        if (age > lifetime || age < -lifetime)
            return new DigestVerification(DigestOutcome.Stale, user, "nonce expired");
        return new DigestVerification(DigestOutcome.Ok, user, null);
    }

    private static DigestVerification Invalid(string? user, string reason) => new(DigestOutcome.Invalid, user, reason);

    private void ComputeMac(DigestAlgorithm algorithm, ReadOnlySpan<byte> stampAndRandom, Span<byte> mac)
    {
        var input = new DigestInputBuilder(stackalloc byte[256]);
        try
        {
            input.Append("Palisade digest nonce v1"u8);
            input.Append((byte)algorithm);
            input.Append(stampAndRandom);
            input.AppendUtf8(Realm);
            HMACSHA256.HashData(_key, input.Written, mac);
        }
        finally
        {
            input.Dispose();
        }
    }

    private bool TryReadNonce(string text, DigestAlgorithm algorithm, out long issuedAt)
    {
        issuedAt = 0;
        Span<byte> nonce = stackalloc byte[NonceSize];
        if (text.Length != NonceTextLength || !Convert.TryFromBase64String(text, nonce, out int written) || written != NonceSize)
            return false;
        Span<byte> mac = stackalloc byte[MacSize];
        ComputeMac(algorithm, nonce.Slice(0, TimestampSize + RandomSize), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, nonce.Slice(TimestampSize + RandomSize)))
            return false;
        issuedAt = BinaryPrimitives.ReadInt64BigEndian(nonce);
        return true;
    }

    /// <summary>Constant-time comparison; the client's hex is accepted in either case (LHEX asks for lower).</summary>
    private static bool ResponseEquals(ReadOnlySpan<byte> expected, string received)
    {
        if (received.Length != expected.Length)
            return false;
        Span<byte> lower = stackalloc byte[DigestComputation.MaxHexLength];
        lower = lower.Slice(0, received.Length);
        for (int i = 0; i < received.Length; i++)
        {
            char c = received[i];
            lower[i] = c is >= 'A' and <= 'F' ? (byte)(c | 0x20) : c < 0x80 ? (byte)c : (byte)0;
        }
        return CryptographicOperations.FixedTimeEquals(expected, lower);
    }

    /// <summary>
    /// RFC 2617 §3.2.2.5 / RFC 3261 §22.4: the uri parameter must designate the Request-URI's resource. Identical text
    /// matches; otherwise two SIP URIs match on scheme, user, host (case-insensitive) and port, with parameters ignored,
    /// because a proxy on the path may have added or reordered URI parameters after the client signed.
    /// </summary>
    private static bool UriMatches(string digestUri, SipMessage request)
    {
        ReadOnlySpan<byte> requestUri = request.RequestUriBytes;
        Span<byte> buffer = stackalloc byte[256];
        int max = Encoding.UTF8.GetMaxByteCount(digestUri.Length);
        Span<byte> digestBytes = max <= buffer.Length ? buffer : new byte[max];
        digestBytes = digestBytes.Slice(0, Encoding.UTF8.GetBytes(digestUri, digestBytes));
        if (digestBytes.SequenceEqual(requestUri))
            return true;
        SipUri? a = SipUri.TryParse(digestBytes);
        SipUri? b = request.RequestUri ?? SipUri.TryParse(requestUri);
        return a is { IsSip: true } && b is { IsSip: true }
            && a.Scheme == b.Scheme
            && string.Equals(Unescaped(a.User), Unescaped(b.User), StringComparison.Ordinal)
            && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;

        static string? Unescaped(string? user) => user is null ? null : SipUri.Unescape(user);
    }
}
