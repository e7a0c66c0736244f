using System.Text;

namespace Palisade.Sip.Auth;

/// <summary>Writing auth-params: quoted strings with quoted-pairs (RFC 3261 §25.1) and checks against injection.</summary>
internal static class DigestSyntax
{
    /// <summary>Appends <c>name="value"</c> with '"' and '\' escaped.</summary>
    public static void AppendQuoted(StringBuilder sb, string name, string value)
    {
        sb.Append(name).Append("=\"");
        foreach (char c in value)
        {
            if (c is '"' or '\\')
                sb.Append('\\');
            sb.Append(c);
        }
        sb.Append('"');
    }

    /// <summary>
    /// Throws when a value Palisade writes into a header holds a control character: a CR or LF from configuration
    /// would otherwise end the header line and let the rest become a header of its own.
    /// </summary>
    public static void ThrowIfUnsafe(string value, string paramName)
    {
        foreach (char c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
                throw new ArgumentException("a digest parameter must not contain control characters", paramName);
        }
    }
}
