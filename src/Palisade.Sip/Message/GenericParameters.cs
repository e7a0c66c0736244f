using System.Text;

namespace Palisade.Sip.Message;

/// <summary>Reads header parameters: *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ] (RFC 3261 §25.1).</summary>
internal static class GenericParameters
{
    private static readonly System.Buffers.SearchValues<byte> ValueChars =
        System.Buffers.SearchValues.Create(Encoding.ASCII.GetBytes("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.!%*_+`'~[]:"));

    /// <summary>Parses the parameters at the reader's position to its end; returns an error sentence or null.</summary>
    public static string? Parse(ref ValueReader reader, List<KeyValuePair<string, string?>> into)
    {
        while (true)
        {
            reader.SkipLws();
            if (reader.AtEnd)
                return null;
            if (!reader.TryConsume((byte)';'))
                return "unexpected text where a ';' parameter was expected";
            reader.SkipLws();
            ReadOnlySpan<byte> name = reader.ReadToken();
            if (name.IsEmpty)
                return "empty parameter";
            string? value = null;
            if (reader.TryConsumeSeparator((byte)'='))
            {
                if (reader.Peek() == '"')
                {
                    if (!reader.TryReadQuoted(out ReadOnlySpan<byte> quoted))
                        return "unterminated quoted parameter value";
                    value = "\"" + Encoding.UTF8.GetString(quoted) + "\"";
                }
                else
                {
                    ReadOnlySpan<byte> v = reader.ReadWhile(ValueChars);
                    if (v.IsEmpty)
                        return "parameter has '=' but no value";
                    value = Encoding.ASCII.GetString(v);
                }
            }
            into.Add(new(Encoding.ASCII.GetString(name), value));
        }
    }

    public static string? Find(IReadOnlyList<KeyValuePair<string, string?>> parameters, string name)
    {
        foreach (KeyValuePair<string, string?> p in parameters)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
                return p.Value ?? "";
        }
        return null;
    }
}
