using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// A From, To, Contact, Route, Record-Route, P-Asserted-Identity… value: ( name-addr / addr-spec ) *( SEMI param )
/// (RFC 3261 §20.10, §25.1).
/// </summary>
public sealed class NameAddress
{
    private NameAddress(SipUri uri, string? displayName, bool bracketed, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        Uri = uri;
        DisplayName = displayName;
        Bracketed = bracketed;
        Parameters = parameters;
    }

    public SipUri Uri { get; }
    /// <summary>The display name as written: with quotes if it was quoted, null if there was none.</summary>
    public string? DisplayName { get; }
    public bool Bracketed { get; }
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }
    public string? Tag => GenericParameters.Find(Parameters, "tag");

    public string? GetParameter(string name) => GenericParameters.Find(Parameters, name);

    public static bool TryParse(ReadOnlySpan<byte> value, out NameAddress? result, out string? error)
    {
        result = null;
        var reader = new ValueReader(value);
        reader.SkipLws();
        string? display = null;
        bool bracketed;
        SipUri? uri;

        int lt = IndexOfUnquoted(value, (byte)'<');
        if (reader.Peek() == '"' || lt >= 0)
        {
            bracketed = true;
            if (reader.Peek() == '"')
            {
                if (!reader.TryReadQuoted(out ReadOnlySpan<byte> quoted))
                {
                    error = "display name has an unterminated quoted string";
                    return false;
                }
                display = "\"" + Encoding.UTF8.GetString(quoted) + "\"";
                reader.SkipLws();
            }
            else
            {
                // display-name = *(token LWS): every word before '<' must be a token (RFC 4475 §3.1.2.15).
                ReadOnlySpan<byte> words = SipChars.TrimLws(value.Slice(reader.Position, lt - reader.Position));
                foreach (byte b in words)
                {
                    if (!SipChars.IsWhitespace(b) && !SipChars.Token.Contains(b))
                    {
                        error = "display name contains a character that requires quoting";
                        return false;
                    }
                }
                if (!words.IsEmpty)
                    display = Encoding.UTF8.GetString(words);
                reader.Position = lt;
            }
            if (!reader.TryConsume((byte)'<'))
            {
                error = "expected '<' after the display name";
                return false;
            }
            ReadOnlySpan<byte> inner = reader.ReadUntil((byte)'>');
            if (!reader.TryConsume((byte)'>'))
            {
                error = "'<' is not closed by '>'";
                return false;
            }
            if (!SipUri.TryParse(inner, out uri, out string? uriError))
            {
                error = uriError + (inner.IndexOfAny((byte)' ', (byte)'\t') >= 0 ? " (white space inside <>)" : "");
                return false;
            }
        }
        else
        {
            // addr-spec: the URI cannot contain ',', '?' or ';' unbracketed (RFC 3261 §20): ';' starts the header params.
            bracketed = false;
            int semi = value.Slice(reader.Position).IndexOf((byte)';');
            ReadOnlySpan<byte> spec = SipChars.TrimLws(semi < 0 ? value.Slice(reader.Position) : value.Slice(reader.Position, semi));
            if (spec.IndexOfAny((byte)'?', (byte)',') >= 0)
            {
                error = "a URI with '?' or ',' must be enclosed in <>";
                return false;
            }
            if (!SipUri.TryParse(spec, out uri, out string? uriError))
            {
                error = uriError;
                return false;
            }
            reader.Position = semi < 0 ? value.Length : reader.Position + semi;
        }

        var parameters = new List<KeyValuePair<string, string?>>();
        error = GenericParameters.Parse(ref reader, parameters);
        if (error is not null)
            return false;
        result = new NameAddress(uri!, display, bracketed, parameters);
        return true;
    }

    private static int IndexOfUnquoted(ReadOnlySpan<byte> value, byte c)
    {
        bool quoted = false;
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            if (quoted)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') quoted = false;
            }
            else if (b == (byte)'"')
            {
                quoted = true;
            }
            else if (b == c)
            {
                return i;
            }
        }
        return -1;
    }
}
