using System.Text;
using System.Text.Unicode;
using Palisade.Sip.Message;

namespace Palisade.Sip.Auth;

/// <summary>
/// Reads the auth-scheme and then the comma-separated auth-params of one WWW-Authenticate, Proxy-Authenticate,
/// Authorization or Proxy-Authorization value (RFC 3261 §25.1: challenge / credentials; RFC 7235 §2.1). Parameter
/// names are tokens in any case; values are tokens or quoted strings with quoted-pairs; LWS, folded lines included,
/// is allowed around "=" and "," (EQUAL and COMMA are SWS-delimited); empty list elements are skipped (RFC 7230 §7).
/// </summary>
internal ref struct DigestParameterReader(ReadOnlySpan<byte> value)
{
    private readonly ReadOnlySpan<byte> _value = value;
    private int _position;
    private bool _first = true;

    /// <summary>Reads the scheme token, which must be followed by LWS or the end of the value.</summary>
    public bool TryReadScheme(out ReadOnlySpan<byte> scheme)
    {
        SkipLws();
        int start = _position;
        while (_position < _value.Length && IsTokenChar(_value[_position]))
            _position++;
        scheme = _value.Slice(start, _position - start);
        if (scheme.IsEmpty)
            return false;
        if (_position < _value.Length && !SipChars.IsWhitespace(_value[_position]))
            return false;
        SkipLws();
        return true;
    }

    /// <summary>
    /// The next parameter. <paramref name="rawValue"/> is a token as is, or a quoted string's contents with its
    /// escapes still in (see <see cref="Unquote"/>). False at the end, or with <paramref name="error"/> set.
    /// </summary>
    public bool TryNext(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> rawValue, out bool quoted, out string? error)
    {
        name = default;
        rawValue = default;
        quoted = false;
        error = null;

        // Separators: the first parameter follows the scheme directly; later ones need a comma, and any number of
        // empty elements (",,") are tolerated.
        SkipLws();
        bool sawComma = false;
        while (_position < _value.Length && _value[_position] == (byte)',')
        {
            sawComma = true;
            _position++;
            SkipLws();
        }
        if (_position >= _value.Length)
            return false;
        if (!_first && !sawComma)
        {
            error = "parameters must be separated by commas";
            return false;
        }
        _first = false;

        int nameStart = _position;
        while (_position < _value.Length && IsTokenChar(_value[_position]))
            _position++;
        name = _value.Slice(nameStart, _position - nameStart);
        if (name.IsEmpty)
        {
            error = "a parameter name is not a token";
            return false;
        }
        SkipLws();
        if (_position >= _value.Length || _value[_position] != (byte)'=')
        {
            // Either a value-less parameter or a second challenge in the same value ("Digest ..., Basic ...");
            // RFC 3261 §25.1 has exactly one challenge per header field.
            error = "parameter '" + Encoding.ASCII.GetString(name) + "' has no value (only one challenge per header is supported)";
            return false;
        }
        _position++;
        SkipLws();

        if (_position < _value.Length && _value[_position] == (byte)'"')
        {
            var reader = new ValueReader(_value) { Position = _position };
            if (!reader.TryReadQuoted(out rawValue))
            {
                error = "parameter '" + Encoding.ASCII.GetString(name) + "' has an unterminated or invalid quoted string";
                return false;
            }
            _position = reader.Position;
            quoted = true;
        }
        else
        {
            // An unquoted value. Strictly a token, but peers send unquoted nonces and opaques with base64 "/+=", so
            // anything up to the next comma or LWS is taken; a quote or control character there is refused.
            int start = _position;
            while (_position < _value.Length && _value[_position] != (byte)',' && !SipChars.IsWhitespace(_value[_position]))
                _position++;
            rawValue = _value.Slice(start, _position - start);
            if (rawValue.IsEmpty || rawValue.IndexOf((byte)'"') >= 0 || ContainsControl(rawValue))
            {
                error = "parameter '" + Encoding.ASCII.GetString(name) + "' has an empty or invalid value";
                return false;
            }
        }

        SkipLws();
        if (_position < _value.Length && _value[_position] != (byte)',')
        {
            error = "unexpected text after parameter '" + Encoding.ASCII.GetString(name) + "'";
            return false;
        }
        return true;
    }

    /// <summary>
    /// The value as a string: quoted-pairs unescaped and folded line breaks removed (RFC 3261 §7.3.1 unfolding), so
    /// the same bytes are hashed whichever way the peer wrote them. Null when the result is not valid UTF-8 or holds
    /// a control character other than HTAB: such a value could not be hashed or written back faithfully.
    /// </summary>
    public static string? Unquote(ReadOnlySpan<byte> raw, bool quoted)
    {
        if (!quoted || (raw.IndexOf((byte)'\\') < 0 && raw.IndexOfAny((byte)'\r', (byte)'\n') < 0))
            return IsClean(raw) ? Encoding.UTF8.GetString(raw) : null;
        Span<byte> buffer = raw.Length <= 256 ? stackalloc byte[256] : new byte[raw.Length];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
                b = raw[++i];
            else if (b is (byte)'\r' or (byte)'\n')
                continue;
            buffer[n++] = b;
        }
        ReadOnlySpan<byte> unescaped = buffer.Slice(0, n);
        return IsClean(unescaped) ? Encoding.UTF8.GetString(unescaped) : null;
    }

    private static bool IsClean(ReadOnlySpan<byte> s) => Utf8.IsValid(s) && !ContainsControl(s);

    private static bool ContainsControl(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
                return true;
        }
        return false;
    }

    private static bool IsTokenChar(byte b) => SipChars.Token.Contains(b);

    private void SkipLws()
    {
        while (_position < _value.Length && SipChars.IsWhitespace(_value[_position]))
            _position++;
    }
}
