namespace Palisade.Sip.Sdp;

/// <summary>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;] (RFC 8866 §6.6).</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    public static SdpRtpMap? TryParse(string value)
    {
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpText.TryPayloadType(value.AsSpan(0, space), out int pt))
            return null;
        string[] parts = value[(space + 1)..].Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !SdpText.TryInt(parts[1], out int clock))
            return null;
        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpText.TryInt(parts[2], out int ch))
                return null;
            channels = ch;
        }
        return new SdpRtpMap(pt, parts[0], clock, channels);
    }

    public override string ToString()
        => SdpText.Number((ulong)PayloadType) + " " + EncodingName + "/" + SdpText.Number((ulong)ClockRate) + (Channels is { } c ? "/" + SdpText.Number((ulong)c) : "");
}
