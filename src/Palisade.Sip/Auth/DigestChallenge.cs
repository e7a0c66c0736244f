using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Auth;

/// <summary>
/// One Digest challenge from a WWW-Authenticate (401) or Proxy-Authenticate (407) header (RFC 3261 §22.2–22.3,
/// RFC 2617 §3.2.1, RFC 7616 §3.3). A challenge that parses may still be one this implementation cannot answer
/// (<see cref="IsSupported"/>): an unknown algorithm or qop is ignored rather than answered wrongly.
/// </summary>
public sealed class DigestChallenge
{
    private DigestChallenge(string realm, string nonce)
    {
        Realm = realm;
        Nonce = nonce;
    }

    public string Realm { get; }
    public string Nonce { get; }
    public string? Opaque { get; private init; }

    /// <summary>stale=true: the previous nonce expired but the credentials were right; retry without asking for new ones.</summary>
    public bool Stale { get; private init; }

    /// <summary>
    /// The algorithm; MD5 when the parameter is absent (RFC 2617 §3.2.1), <see cref="DigestAlgorithm.Unknown"/> when
    /// not understood.
    /// </summary>
    public DigestAlgorithm Algorithm { get; private init; }

    /// <summary>The algorithm token as received, or null when the challenge had none (then the answer omits it too).</summary>
    public string? AlgorithmText { get; private init; }

    /// <summary>The qop values offered that this implementation knows; <see cref="DigestQop.None"/> when none.</summary>
    public DigestQop Qop { get; private init; }

    /// <summary>True when the challenge had a qop parameter (RFC 2617); false for an RFC 2069-style challenge.</summary>
    public bool QopOffered { get; private init; }

    /// <summary>The domain parameter (space-separated URIs, RFC 7616 §3.3), unparsed.</summary>
    public string? Domain { get; private init; }

    /// <summary>True when the challenge came from Proxy-Authenticate: the answer goes in Proxy-Authorization (RFC 3261 §22.3).</summary>
    public bool IsProxy { get; private init; }

    /// <summary>
    /// Whether <see cref="DigestAuthenticator"/> can answer it: a known algorithm; if qop was offered, "auth" or
    /// "auth-int" among the values; and no "-sess" algorithm without qop, whose HA1 needs a cnonce that could then
    /// not be sent (RFC 2617 §3.2.2: cnonce only with qop), so no server could verify the answer.
    /// </summary>
    public bool IsSupported =>
        Algorithm != DigestAlgorithm.Unknown
        && (QopOffered ? Qop != DigestQop.None : !DigestAlgorithms.IsSession(Algorithm));

    /// <summary>Parses a WWW-Authenticate value.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out DigestChallenge? challenge, out string? error) =>
        TryParse(value, proxy: false, out challenge, out error);

    /// <summary>Parses a WWW-Authenticate (<paramref name="proxy"/> false) or Proxy-Authenticate value.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, bool proxy, out DigestChallenge? challenge, out string? error)
    {
        challenge = null;
        var reader = new DigestParameterReader(value);
        if (!reader.TryReadScheme(out ReadOnlySpan<byte> scheme))
        {
            error = "challenge does not start with an auth-scheme";
            return false;
        }
        if (!Ascii.EqualsIgnoreCase(scheme, "Digest"u8))
        {
            error = "not a Digest challenge (scheme " + Encoding.ASCII.GetString(scheme) + ")";
            return false;
        }

        string? realm = null, nonce = null, opaque = null, domain = null, algorithmText = null;
        bool stale = false, qopOffered = false;
        DigestAlgorithm algorithm = DigestAlgorithm.Md5;
        DigestQop qop = DigestQop.None;
        int seen = 0;
        while (reader.TryNext(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> raw, out bool quoted, out error))
        {
            int bit = ParameterBit(name);
            if (bit != 0)
            {
                // RFC 7235 §2.1: each parameter name occurs at most once per challenge.
                if ((seen & bit) != 0)
                {
                    error = "parameter '" + Encoding.ASCII.GetString(name).ToLowerInvariant() + "' appears twice";
                    return false;
                }
                seen |= bit;
            }
            else
            {
                continue; // charset, userhash and extensions: not needed to answer (RFC 7616 §3.3)
            }

            string? text = DigestParameterReader.Unquote(raw, quoted);
            if (text is null)
            {
                error = "parameter '" + Encoding.ASCII.GetString(name).ToLowerInvariant()
                    + "' is not valid text (UTF-8 without control characters)";
                return false;
            }
            switch (bit)
            {
                case RealmBit: realm = text; break;
                case NonceBit: nonce = text; break;
                case OpaqueBit: opaque = text; break;
                case DomainBit: domain = text; break;
                case StaleBit: stale = text.Equals("true", StringComparison.OrdinalIgnoreCase); break;
                case AlgorithmBit:
                    // A quoted algorithm is not in the grammar but is seen in the wild; the token inside counts.
                    algorithmText = text;
                    algorithm = DigestAlgorithms.Parse(raw);
                    break;
                case QopBit:
                    qopOffered = true;
                    qop = ParseQopOptions(text);
                    break;
            }
        }
        if (error is not null)
            return false;
        if (realm is null)
        {
            error = "challenge has no realm";
            return false;
        }
        if (string.IsNullOrEmpty(nonce))
        {
            error = "challenge has no nonce";
            return false;
        }
        challenge = new DigestChallenge(realm, nonce)
        {
            Opaque = opaque,
            Stale = stale,
            Algorithm = algorithm,
            AlgorithmText = algorithmText,
            Qop = qop,
            QopOffered = qopOffered,
            Domain = domain,
            IsProxy = proxy,
        };
        return true;
    }

    /// <summary>
    /// The strongest answerable Digest challenge among all WWW-Authenticate (or Proxy-Authenticate) headers of a
    /// 401/407, or null. RFC 8760 §2.4 has the client use the topmost challenge it supports "unless a local policy
    /// dictates otherwise"; Palisade's policy is strength first (SHA-512-256 &gt; SHA-256 &gt; MD5) because the header
    /// order is not integrity-protected and an on-path attacker could move MD5 to the top (RFC 8760 §3). Among
    /// equally strong challenges the topmost wins, so the server's preference still decides there. Challenges that
    /// do not parse or cannot be answered are skipped (RFC 2617 §3.2.1).
    /// </summary>
    public static DigestChallenge? SelectBest(SipMessage response, bool proxy)
    {
        ArgumentNullException.ThrowIfNull(response);
        HeaderId id = proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate;
        DigestChallenge? best = null;
        int bestStrength = 0;
        for (int i = response.IndexOf(id); i >= 0; i = response.IndexOf(id, i + 1))
        {
            if (!TryParse(response.GetValue(response.Headers[i]), proxy, out DigestChallenge? c, out _) || !c!.IsSupported)
                continue;
            int strength = DigestAlgorithms.Strength(c.Algorithm);
            if (strength > bestStrength)
            {
                best = c;
                bestStrength = strength;
            }
        }
        return best;
    }

    /// <summary>qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT; unknown values are ignored.</summary>
    private static DigestQop ParseQopOptions(string text)
    {
        DigestQop qop = DigestQop.None;
        foreach (Range r in text.AsSpan().Split(','))
        {
            ReadOnlySpan<char> v = text.AsSpan(r).Trim(" \t");
            if (v.Equals("auth", StringComparison.OrdinalIgnoreCase))
                qop |= DigestQop.Auth;
            else if (v.Equals("auth-int", StringComparison.OrdinalIgnoreCase))
                qop |= DigestQop.AuthInt;
        }
        return qop;
    }

    private const int RealmBit = 1, NonceBit = 2, OpaqueBit = 4, StaleBit = 8, AlgorithmBit = 16, QopBit = 32, DomainBit = 64;

    private static int ParameterBit(ReadOnlySpan<byte> name)
    {
        if (Ascii.EqualsIgnoreCase(name, "realm"u8)) return RealmBit;
        if (Ascii.EqualsIgnoreCase(name, "nonce"u8)) return NonceBit;
        if (Ascii.EqualsIgnoreCase(name, "opaque"u8)) return OpaqueBit;
        if (Ascii.EqualsIgnoreCase(name, "stale"u8)) return StaleBit;
        if (Ascii.EqualsIgnoreCase(name, "algorithm"u8)) return AlgorithmBit;
        if (Ascii.EqualsIgnoreCase(name, "qop"u8)) return QopBit;
        if (Ascii.EqualsIgnoreCase(name, "domain"u8)) return DomainBit;
        return 0;
    }
}
