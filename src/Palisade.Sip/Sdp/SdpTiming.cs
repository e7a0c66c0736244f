namespace Palisade.Sip.Sdp;

/// <summary>t=&lt;start-time&gt; &lt;stop-time&gt; (RFC 8866 §5.9), NTP seconds; "0 0" for a SIP session.</summary>
public sealed record SdpTiming(ulong Start, ulong Stop)
{
    public static SdpTiming? TryParse(string value)
    {
        string[] f = value.Split(' ');
        if (f.Length != 2
            || !ulong.TryParse(f[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(f[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong stop))
            return null;
        return new SdpTiming(start, stop);
    }

    public override string ToString() => SdpText.Number(Start) + " " + SdpText.Number(Stop);
}
