using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Auth;

/// <summary>
/// Digest credentials as received in an Authorization or Proxy-Authorization header (RFC 3261 §22.4 / §25.1
/// digest-response, RFC 7616 §3.4). Values keep the exact text the client hashed: nc and qop in particular are
/// hashed as sent, so they are kept as strings.
/// </summary>
public sealed class DigestAuthorization
{
    private DigestAuthorization(string username, string realm, string nonce, string uri, string response)
    {
        Username = username;
        Realm = realm;
        Nonce = nonce;
        Uri = uri;
        Response = response;
    }

    public string Username { get; }
    public string Realm { get; }
    public string Nonce { get; }
    public string Uri { get; }
    public string Response { get; }

    /// <summary>MD5 when the parameter is absent (RFC 2617 §3.2.2); <see cref="DigestAlgorithm.Unknown"/> when not understood.</summary>
    public DigestAlgorithm Algorithm { get; private init; }
    public string? Cnonce { get; private init; }
    public string? Opaque { get; private init; }

    /// <summary>The qop value as sent ("auth", "auth-int"), or null for the RFC 2069 form.</summary>
    public string? Qop { get; private init; }

    /// <summary>The nc value as sent (8 hex digits), or null.</summary>
    public string? NonceCount { get; private init; }

    /// <summary>True when the value's auth-scheme is Digest (case-insensitive), whether or not the rest parses.</summary>
    internal static bool IsDigest(ReadOnlySpan<byte> value)
    {
        var reader = new DigestParameterReader(value);
        return reader.TryReadScheme(out ReadOnlySpan<byte> scheme) && Ascii.EqualsIgnoreCase(scheme, "Digest"u8);
    }

    public static bool TryParse(ReadOnlySpan<byte> value, out DigestAuthorization? authorization, out string? error)
    {
        authorization = null;
        var reader = new DigestParameterReader(value);
        if (!reader.TryReadScheme(out ReadOnlySpan<byte> scheme))
        {
            error = "credentials do not start with an auth-scheme";
            return false;
        }
        if (!Ascii.EqualsIgnoreCase(scheme, "Digest"u8))
        {
            error = "not Digest credentials (scheme " + Encoding.ASCII.GetString(scheme) + ")";
            return false;
        }

        string? username = null, realm = null, nonce = null, uri = null, response = null;
        string? cnonce = null, opaque = null, qop = null, nc = null;
        DigestAlgorithm algorithm = DigestAlgorithm.Md5;
        int seen = 0;
        while (reader.TryNext(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> raw, out bool quoted, out error))
        {
            int bit = ParameterBit(name);
            if (bit == UnsupportedBit)
            {
                // RFC 7616 hashed (§3.4.4) and extended (username*, §3.4) usernames are not implemented (Palisade never offers
                // userhash, and trunk usernames are ASCII), so they are refused rather than misread.
                error = "parameter '" + Encoding.ASCII.GetString(name).ToLowerInvariant() + "' is not supported";
                return false;
            }
            if (bit == 0)
                continue;
            if ((seen & bit) != 0)
            {
                error = "parameter '" + Encoding.ASCII.GetString(name).ToLowerInvariant() + "' appears twice";
                return false;
            }
            seen |= bit;
            string? text = DigestParameterReader.Unquote(raw, quoted);
            if (text is null)
            {
                error = "parameter '" + Encoding.ASCII.GetString(name).ToLowerInvariant()
                    + "' is not valid text (UTF-8 without control characters)";
                return false;
            }
            switch (bit)
            {
                case UsernameBit: username = text; break;
                case RealmBit: realm = text; break;
                case NonceBit: nonce = text; break;
                case UriBit: uri = text; break;
                case ResponseBit: response = text; break;
                case CnonceBit: cnonce = text; break;
                case OpaqueBit: opaque = text; break;
                case QopBit: qop = text; break;
                case NcBit: nc = text; break;
                case AlgorithmBit: algorithm = DigestAlgorithms.Parse(raw); break;
                case UserHashBit:
                    if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
                    {
                        error = "userhash is not supported";
                        return false;
                    }
                    break;
            }
        }
        if (error is not null)
            return false;

        error = username is null ? "credentials have no username"
            : realm is null ? "credentials have no realm"
            : nonce is null ? "credentials have no nonce"
            : uri is null ? "credentials have no uri"
            : response is null ? "credentials have no response"
            : null;
        if (error is not null)
            return false;

        if (qop is not null)
        {
            // RFC 2617 §3.2.2: with qop, cnonce and nc are mandatory; nc-value = 8LHEX.
            if (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase) && !qop.Equals("auth-int", StringComparison.OrdinalIgnoreCase))
            {
                error = "qop '" + qop + "' is not auth or auth-int";
                return false;
            }
            if (string.IsNullOrEmpty(cnonce) || nc is null)
            {
                error = "credentials with qop need cnonce and nc";
                return false;
            }
            if (nc.Length != 8 || !IsHex(nc))
            {
                error = "nc is not 8 hexadecimal digits";
                return false;
            }
        }

        authorization = new DigestAuthorization(username!, realm!, nonce!, uri!, response!)
        {
            Algorithm = algorithm,
            Cnonce = cnonce,
            Opaque = opaque,
            Qop = qop,
            NonceCount = nc,
        };
        return true;
    }

    private static bool IsHex(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }
        return true;
    }

    private const int UsernameBit = 1, RealmBit = 2, NonceBit = 4, UriBit = 8, ResponseBit = 16, CnonceBit = 32,
        OpaqueBit = 64, QopBit = 128, NcBit = 256, AlgorithmBit = 512, UserHashBit = 1024, UnsupportedBit = -1;

    private static int ParameterBit(ReadOnlySpan<byte> name)
    {
        if (Ascii.EqualsIgnoreCase(name, "username"u8)) return UsernameBit;
        if (Ascii.EqualsIgnoreCase(name, "realm"u8)) return RealmBit;
        if (Ascii.EqualsIgnoreCase(name, "nonce"u8)) return NonceBit;
        if (Ascii.EqualsIgnoreCase(name, "uri"u8)) return UriBit;
        if (Ascii.EqualsIgnoreCase(name, "response"u8)) return ResponseBit;
        if (Ascii.EqualsIgnoreCase(name, "cnonce"u8)) return CnonceBit;
        if (Ascii.EqualsIgnoreCase(name, "opaque"u8)) return OpaqueBit;
        if (Ascii.EqualsIgnoreCase(name, "qop"u8)) return QopBit;
        if (Ascii.EqualsIgnoreCase(name, "nc"u8)) return NcBit;
        if (Ascii.EqualsIgnoreCase(name, "algorithm"u8)) return AlgorithmBit;
        if (Ascii.EqualsIgnoreCase(name, "userhash"u8)) return UserHashBit;
        if (Ascii.EqualsIgnoreCase(name, "username*"u8)) return UnsupportedBit;
        return 0;
    }
}
