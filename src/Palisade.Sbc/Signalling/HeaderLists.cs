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
        int start = 0;
        bool quoted = false, angle = false;
        for (int i = 0; i <= value.Length; i++)
        {
            if (i < value.Length)
            {
                byte b = value[i];
                if (quoted)
                {
                    if (b == '\\') i++;
                    else if (b == '"') quoted = false;
                    continue;
                }
                if (b == '"') { quoted = true; continue; }
                if (b == '<') { angle = true; continue; }
                if (b == '>') { angle = false; continue; }
                if (b != ',' || angle) continue;
            }
            ReadOnlySpan<byte> element = value[start..i].Trim(" \t\r\n"u8);
            if (!element.IsEmpty)
                into.Add(Encoding.UTF8.GetString(element));
            start = i + 1;
        }
    }

    /// <summary>The URI of a name-addr or addr-spec header value (Contact, Refer-To…), or null when it does not parse.</summary>
    public static string? Uri(ReadOnlySpan<byte> nameAddr) =>
        NameAddress.TryParse(nameAddr, out NameAddress? parsed, out _) ? parsed!.Uri.Raw : null;

    /// <summary>The URI of the first Contact, or null.</summary>
    public static string? ContactUri(SipMessage message)
    {
        int i = message.IndexOf(HeaderId.Contact);
        if (i < 0)
            return null;
        List<string> elements = [];
        Split(message.GetValue(message.Headers[i]), elements);
        return elements.Count == 0 ? null : Uri(Encoding.UTF8.GetBytes(elements[0]));
    }
}
