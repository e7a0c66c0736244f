namespace Palisade.Sip.Sdp;

/// <summary>b=&lt;bwtype&gt;:&lt;bandwidth&gt; (RFC 8866 §5.8), bandwidth in kilobits per second (bits for TIAS, RFC 3890).</summary>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    public static SdpBandwidth? TryParse(string value)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !ulong.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong v))
            return null;
        return new SdpBandwidth(value[..colon], v);
    }

    public override string ToString() => Type + ":" + SdpText.Number(Value);
}
