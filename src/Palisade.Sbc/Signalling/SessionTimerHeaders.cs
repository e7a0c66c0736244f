using System.Buffers.Text;
using Palisade.Sip.Message;

namespace Palisade.Sbc.Signalling;

/// <summary>Reads Session-Expires (RFC 4028 §4): <c>delta-seconds [;refresher=uac|uas]</c>, compact form <c>x</c>.</summary>
internal static class SessionTimerHeaders
{
    public static bool SessionExpiresRequested(this SipMessage message, out TimeSpan interval, out string? refresher)
    {
        interval = default;
        refresher = null;
        int i = message.IndexOf(HeaderId.SessionExpires);
        if (i < 0)
            return false;
        ReadOnlySpan<byte> value = message.GetValue(message.Headers[i]);
        int semi = value.IndexOf((byte)';');
        ReadOnlySpan<byte> delta = (semi < 0 ? value : value[..semi]).Trim(" \t"u8);
        if (!Utf8Parser.TryParse(delta, out uint seconds, out int used) || used != delta.Length || seconds == 0)
            return false;
        interval = TimeSpan.FromSeconds(seconds);
        if (semi >= 0)
        {
            ReadOnlySpan<byte> rest = value[(semi + 1)..];
            int at = IndexOfIgnoreCase(rest, "refresher="u8);
            if (at >= 0)
            {
                ReadOnlySpan<byte> r = rest[(at + 10)..];
                int end = r.IndexOfAny(" \t;"u8);
                r = end < 0 ? r : r[..end];
                refresher = System.Text.Ascii.EqualsIgnoreCase(r, "uac"u8) ? "uac" : System.Text.Ascii.EqualsIgnoreCase(r, "uas"u8) ? "uas" : null;
            }
        }
        return true;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(haystack.Slice(i, needle.Length), needle))
                return i;
        }
        return -1;
    }
}
