using System.Text;

namespace Palisade.Sbc.Signalling;

/// <summary>Builds the name-addr values Palisade writes in From, To, P-Asserted-Identity and Contact.</summary>
internal static class Party
{
    /// <summary><c>"Display" &lt;sip:user@host;user=phone&gt;</c>: user=phone when the user part is an E.164 number (RFC 3261 §19.1.1).</summary>
    public static string NameAddr(string? display, string user, string host)
    {
        var sb = new StringBuilder(64);
        if (!string.IsNullOrEmpty(display))
        {
            sb.Append('"');
            foreach (char c in display)
            {
                // quoted-string (§25.1): escape quote and backslash; control characters cannot be represented.
                if (c is '"' or '\\') sb.Append('\\');
                if (c >= ' ') sb.Append(c);
            }
            sb.Append("\" ");
        }
        sb.Append("<sip:");
        if (user.Length > 0)
            sb.Append(user).Append('@');
        sb.Append(host);
        if (user.Length > 1 && user[0] == '+')
            sb.Append(";user=phone");
        sb.Append('>');
        return sb.ToString();
    }

    /// <summary>A display name as text: the quotes of a quoted-string removed and its escapes undone (RFC 3261 §25.1).</summary>
    public static string? DisplayText(string? displayName)
    {
        if (displayName is not { Length: >= 2 } d || d[0] != '"' || d[^1] != '"')
            return string.IsNullOrWhiteSpace(displayName) ? null : displayName;
        var sb = new StringBuilder(d.Length);
        for (int i = 1; i < d.Length - 1; i++)
        {
            if (d[i] == '\\' && i + 1 < d.Length - 1)
                i++;
            sb.Append(d[i]);
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>The user part of a SIP or tel URI as a number: "sip:+1425…@host" → "+1425…", "tel:+1-425-…" → "+1425…"
    /// (RFC 3966 §5.1.1 visual separators dropped).</summary>
    public static string UserOf(Palisade.Sip.Message.SipUri? uri)
    {
        if (uri?.User is not { } user)
            return "";
        string u = Palisade.Sip.Message.SipUri.Unescape(user);
        if (u.AsSpan().IndexOfAny("-.()") < 0)
            return u;
        var sb = new StringBuilder(u.Length);
        foreach (char c in u)
        {
            if (c is not ('-' or '.' or '(' or ')'))
                sb.Append(c);
        }
        return sb.ToString();
    }
}
