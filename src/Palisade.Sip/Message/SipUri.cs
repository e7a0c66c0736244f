using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// A parsed SIP, SIPS or tel URI (RFC 3261 §19.1, RFC 3966), or an opaque absolute URI of another scheme.
/// Components keep their escaped form, so re-serialising never changes what was received (RFC 4475 §3.1.1.3);
/// <see cref="Unescape"/> gives the decoded value for comparisons.
/// </summary>
public sealed class SipUri
{
    private SipUri(string raw, UriScheme scheme, string schemeText)
    {
        Raw = raw;
        Scheme = scheme;
        SchemeText = schemeText;
    }

    public string Raw { get; }
    public UriScheme Scheme { get; }
    public string SchemeText { get; }
    public string? User { get; private set; }
    public string? Password { get; private set; }
    public string Host { get; private set; } = "";
    public int? Port { get; private set; }
    /// <summary>uri-parameters in order; a parameter without a value has a null value.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; private set; } = [];
    /// <summary>The raw headers part after "?", or null.</summary>
    public string? Headers { get; private set; }

    public bool IsSip => Scheme is UriScheme.Sip or UriScheme.Sips;

    public string? GetParameter(string name)
    {
        foreach (KeyValuePair<string, string?> p in Parameters)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
                return p.Value ?? "";
        }
        return null;
    }

    public override string ToString() => Raw;

    public static SipUri? TryParse(ReadOnlySpan<byte> text) => TryParse(text, out SipUri? uri, out _) ? uri : null;

    /// <summary>Parses and validates; on failure <paramref name="error"/> names the problem in a plain sentence.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out SipUri? uri, out string? error)
    {
        uri = null;
        int colon = text.IndexOf((byte)':');
        if (colon <= 0 || !SipChars.IsAlpha(text[0]) || text.Slice(1, colon - 1).IndexOfAnyExcept(SipChars.Scheme) >= 0)
        {
            error = "URI has no valid scheme";
            return false;
        }
        ReadOnlySpan<byte> schemeBytes = text.Slice(0, colon);
        ReadOnlySpan<byte> rest = text.Slice(colon + 1);
        UriScheme scheme = Ascii.EqualsIgnoreCase(schemeBytes, "sip"u8) ? UriScheme.Sip
            : Ascii.EqualsIgnoreCase(schemeBytes, "sips"u8) ? UriScheme.Sips
            : Ascii.EqualsIgnoreCase(schemeBytes, "tel"u8) ? UriScheme.Tel
            : UriScheme.Other;
        if (rest.IsEmpty)
        {
            error = "URI is empty after its scheme";
            return false;
        }
        string schemeText = scheme switch
        {
            UriScheme.Sip => "sip",
            UriScheme.Sips => "sips",
            UriScheme.Tel => "tel",
            _ => Encoding.ASCII.GetString(schemeBytes).ToLowerInvariant(),
        };
        var result = new SipUri(Encoding.UTF8.GetString(text), scheme, schemeText);
        error = scheme switch
        {
            UriScheme.Sip or UriScheme.Sips => result.ParseSip(rest),
            UriScheme.Tel => result.ParseTel(rest),
            _ => ValidateOpaque(rest),
        };
        if (error is not null)
            return false;
        uri = result;
        return true;
    }

    private string? ParseSip(ReadOnlySpan<byte> rest)
    {
        // The user part may hold ';', '?', '/' and ',' (user-unreserved) but never '@', so the first '@' ends it.
        int at = rest.IndexOf((byte)'@');
        if (at >= 0)
        {
            ReadOnlySpan<byte> userInfo = rest.Slice(0, at);
            int pc = userInfo.IndexOf((byte)':');
            ReadOnlySpan<byte> user = pc < 0 ? userInfo : userInfo.Slice(0, pc);
            if (user.IsEmpty)
                return "URI user part is empty";
            if (user.IndexOfAnyExcept(SipChars.User) >= 0 || !SipChars.EscapesValid(user))
                return "URI user part contains a character that must be escaped";
            User = Encoding.UTF8.GetString(user);
            if (pc >= 0)
            {
                ReadOnlySpan<byte> password = userInfo.Slice(pc + 1);
                if (password.IndexOfAnyExcept(SipChars.Password) >= 0 || !SipChars.EscapesValid(password))
                    return "URI password contains a character that must be escaped";
                Password = Encoding.UTF8.GetString(password);
            }
            rest = rest.Slice(at + 1);
        }

        int hostEnd;
        if (!rest.IsEmpty && rest[0] == (byte)'[')
        {
            int close = rest.IndexOf((byte)']');
            if (close < 0)
                return "IPv6 reference in URI is not closed by ']'";
            ReadOnlySpan<byte> v6 = rest.Slice(1, close - 1);
            if (v6.IsEmpty || v6.IndexOfAnyExcept(SipChars.Ipv6) >= 0 || v6.IndexOf((byte)':') < 0)
                return "URI holds an invalid IPv6 reference";
            hostEnd = close + 1;
        }
        else
        {
            hostEnd = rest.IndexOfAnyExcept(SipChars.HostName);
            if (hostEnd < 0) hostEnd = rest.Length;
            if (hostEnd == 0)
                return "URI has no host";
        }
        Host = Encoding.ASCII.GetString(rest.Slice(0, hostEnd));
        rest = rest.Slice(hostEnd);

        if (!rest.IsEmpty && rest[0] == (byte)':')
        {
            int pe = rest.Slice(1).IndexOfAnyExcept(SipChars.Digits);
            ReadOnlySpan<byte> port = pe < 0 ? rest.Slice(1) : rest.Slice(1, pe);
            if (port.IsEmpty || port.Length > 5 || !int.TryParse(port, out int p) || p > 65535)
                return "URI port is not a number from 0 to 65535";
            Port = p;
            rest = rest.Slice(1 + port.Length);
        }

        List<KeyValuePair<string, string?>>? parameters = null;
        while (!rest.IsEmpty && rest[0] == (byte)';')
        {
            rest = rest.Slice(1);
            int end = rest.IndexOfAny((byte)';', (byte)'?');
            ReadOnlySpan<byte> param = end < 0 ? rest : rest.Slice(0, end);
            int eq = param.IndexOf((byte)'=');
            ReadOnlySpan<byte> name = eq < 0 ? param : param.Slice(0, eq);
            if (name.IsEmpty || name.IndexOfAnyExcept(SipChars.ParamChar) >= 0 || !SipChars.EscapesValid(name))
                return "URI parameter has an invalid name";
            string? value = null;
            if (eq >= 0)
            {
                ReadOnlySpan<byte> v = param.Slice(eq + 1);
                if (v.IsEmpty || v.IndexOfAnyExcept(SipChars.ParamChar) >= 0 || !SipChars.EscapesValid(v))
                    return "URI parameter has an invalid value";
                value = Encoding.UTF8.GetString(v);
            }
            (parameters ??= []).Add(new(Encoding.UTF8.GetString(name), value));
            rest = end < 0 ? default : rest.Slice(end);
        }
        if (parameters is not null)
            Parameters = parameters;

        if (!rest.IsEmpty && rest[0] == (byte)'?')
        {
            ReadOnlySpan<byte> headers = rest.Slice(1);
            if (headers.IsEmpty || ContainsInvalidHeaderChars(headers) || !SipChars.EscapesValid(headers))
                return "URI headers part is malformed";
            Headers = Encoding.UTF8.GetString(headers);
            rest = default;
        }
        return rest.IsEmpty ? null : "URI contains an unexpected character after the host";
    }

    private static bool ContainsInvalidHeaderChars(ReadOnlySpan<byte> headers)
    {
        // headers = hname "=" hvalue *( "&" hname "=" hvalue )
        foreach (byte b in headers)
        {
            if (b != (byte)'=' && b != (byte)'&' && !SipChars.HeaderChar.Contains(b))
                return true;
        }
        return false;
    }

    private string? ParseTel(ReadOnlySpan<byte> rest)
    {
        // RFC 3966: telephone-subscriber = global-number / local-number, then ;par.
        int semi = rest.IndexOf((byte)';');
        ReadOnlySpan<byte> number = semi < 0 ? rest : rest.Slice(0, semi);
        if (number.IsEmpty || number.IndexOfAnyExcept("0123456789+-.()*#abcdefABCDEF"u8) >= 0)
            return "tel URI number holds a character other than digits and visual separators";
        User = Encoding.ASCII.GetString(number);
        Host = "";
        if (semi >= 0)
        {
            var parameters = new List<KeyValuePair<string, string?>>();
            foreach (Range r in new Utf8Splitter(rest.Slice(semi + 1), (byte)';'))
            {
                ReadOnlySpan<byte> param = rest.Slice(semi + 1)[r];
                int eq = param.IndexOf((byte)'=');
                ReadOnlySpan<byte> name = eq < 0 ? param : param.Slice(0, eq);
                if (name.IsEmpty || name.IndexOfAnyExcept(SipChars.ParamChar) >= 0)
                    return "tel URI parameter has an invalid name";
                parameters.Add(new(Encoding.ASCII.GetString(name), eq < 0 ? null : Encoding.UTF8.GetString(param.Slice(eq + 1))));
            }
            Parameters = parameters;
        }
        return null;
    }

    private static string? ValidateOpaque(ReadOnlySpan<byte> rest)
    {
        foreach (byte b in rest)
        {
            if (b <= 0x20 || b >= 0x7F || b is (byte)'<' or (byte)'>' or (byte)'"')
                return "URI contains white space or a character that must be escaped";
        }
        return null;
    }

    /// <summary>Decodes %HH escapes exactly once (RFC 3261 §19.1.4); "%2541" becomes "%41", never "A".</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
            return value;
        var bytes = new byte[Encoding.UTF8.GetByteCount(value)];
        int n = Encoding.UTF8.GetBytes(value, bytes);
        int w = 0;
        for (int i = 0; i < n; i++)
        {
            if (bytes[i] == (byte)'%' && i + 2 < n && SipChars.IsHex(bytes[i + 1]) && SipChars.IsHex(bytes[i + 2]))
            {
                bytes[w++] = (byte)((HexValue(bytes[i + 1]) << 4) | HexValue(bytes[i + 2]));
                i += 2;
            }
            else
            {
                bytes[w++] = bytes[i];
            }
        }
        return Encoding.UTF8.GetString(bytes, 0, w);
    }

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
