using System.Buffers.Text;
using Palisade.Sbc.Calls;

namespace Palisade.Sbc.Signalling;

/// <summary>
/// Rewrites the SDP origin line (RFC 4566 §5.2) so a leg sees Palisade's session, never the other side's user name,
/// session id or address; the version rises only when the session description changes (RFC 3264 §8), so a peer can
/// tell a refresh from a new offer. Connection and media lines are the media plane's (anchoring rewrites them).
/// </summary>
internal static class SdpOrigin
{
    /// <summary>The SDP to send on <paramref name="leg"/> for <paramref name="sdp"/> received on the other leg.</summary>
    public static byte[] ForLeg(CallLeg leg, ReadOnlySpan<byte> sdp)
    {
        byte[] rewritten = Rewrite(sdp, leg, leg.SdpVersion);
        if (leg.LastSdpSent is { } last && last.AsSpan().SequenceEqual(rewritten))
            return last;
        if (leg.LastSdpSent is not null)
        {
            leg.SdpVersion++;
            rewritten = Rewrite(sdp, leg, leg.SdpVersion);
        }
        leg.LastSdpSent = rewritten;
        return rewritten;
    }

    private static byte[] Rewrite(ReadOnlySpan<byte> sdp, CallLeg leg, ulong version)
    {
        int start = FindOrigin(sdp);
        if (start < 0)
            return sdp.ToArray();
        int end = sdp[start..].IndexOf((byte)'\n');
        end = end < 0 ? sdp.Length : start + end + 1;
        bool crlf = end >= 2 && sdp[end - 2] == '\r';

        Span<byte> line = stackalloc byte[160];
        int n = 0;
        "o=- "u8.CopyTo(line);
        n += 4;
        Utf8Formatter.TryFormat(leg.SdpSessionId, line[n..], out int w);
        n += w;
        line[n++] = (byte)' ';
        Utf8Formatter.TryFormat(version, line[n..], out w);
        n += w;
        bool v6 = leg.Listener.Bound.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        (v6 ? " IN IP6 "u8 : " IN IP4 "u8).CopyTo(line[n..]);
        n += 8;
        n += System.Text.Encoding.ASCII.GetBytes(leg.Listener.Bound.Address.ToString(), line[n..]);
        if (crlf) line[n++] = (byte)'\r';
        line[n++] = (byte)'\n';

        var result = new byte[sdp.Length - (end - start) + n];
        sdp[..start].CopyTo(result);
        line[..n].CopyTo(result.AsSpan(start));
        sdp[end..].CopyTo(result.AsSpan(start + n));
        return result;
    }

    private static int FindOrigin(ReadOnlySpan<byte> sdp)
    {
        if (sdp.StartsWith("o="u8))
            return 0;
        int i = sdp.IndexOf("\no="u8);
        return i < 0 ? -1 : i + 1;
    }
}
