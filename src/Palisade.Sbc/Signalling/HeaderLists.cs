using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sbc.Signalling;

/// <summary>Reads comma-separated header lists (RFC 3261 §7.3.1) such as Record-Route, where commas inside &lt;…&gt; or quotes do not split.</summary>
internal static class HeaderLists
{
    /// <summary>Every element of every header with <paramref name="id"/>, in order, trimmed.</summary>
    public static List<string> Elements(SipMessage message, HeaderId id)
    {
        var result = new List<string>();
        ReadOnlySpan<HeaderField> headers = message.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id == id)
                Split(message.GetValue(headers[i]), result);
        }
        return result;
    }

    private static void Split(ReadOnlySpan<byte> value, List<string> into)
    {
        while (NextElement(ref value, out ReadOnlySpan<byte> element))
            into.Add(Encoding.UTF8.GetString(element));
    }

    /// <summary>Takes the next non-empty element off <paramref name="rest"/>; commas inside quotes or &lt;…&gt; do not split.</summary>
    private static bool NextElement(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> element)
    {
        while (!rest.IsEmpty)
        {
            bool quoted = false, angle = false;
            int i = 0;
            for (; i < rest.Length; i++)
            {
                byte b = rest[i];
                if (quoted)
                {
                    if (b == '\\') i++;
                    else if (b == '"') quoted = false;
                    continue;
                }
                if (b == '"') quoted = true;
                else if (b == '<') angle = true;
                else if (b == '>') angle = false;
                else if (b == ',' && !angle) break;
            }
            element = rest[..Math.Min(i, rest.Length)].Trim(" \t\r\n"u8);
            rest = i < rest.Length ? rest[(i + 1)..] : default;
            if (!element.IsEmpty)
                return true;
        }
        element = default;
        return false;
    }

    /// <summary>The URI of a name-addr or addr-spec header value (Contact, Refer-To…), or null when it does not parse.</summary>
    public static string? Uri(ReadOnlySpan<byte> nameAddr) =>
        NameAddress.TryParse(nameAddr, out NameAddress? parsed, out _) ? parsed!.Uri.Raw : null;

    /// <summary>The URI of the first Contact, or null (parsed straight from the message bytes).</summary>
    public static string? ContactUri(SipMessage message)
    {
        int i = message.IndexOf(HeaderId.Contact);
        if (i < 0)
            return null;
        ReadOnlySpan<byte> value = message.GetValue(message.Headers[i]);
        return NextElement(ref value, out ReadOnlySpan<byte> first) ? Uri(first) : null;
    }
}
