namespace Palisade.Sip.Sdp;

/// <summary>a=fmtp:&lt;format&gt; &lt;format specific parameters&gt; (RFC 8866 §6.15); parameters kept as written.</summary>
public sealed record SdpFmtp(string Format, string Parameters)
{
    public static SdpFmtp? TryParse(string value)
    {
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space == 0 || value.Length == 0)
            return null;
        return space < 0 ? new SdpFmtp(value, "") : new SdpFmtp(value[..space], value[(space + 1)..]);
    }

    public override string ToString() => Parameters.Length == 0 ? Format : Format + " " + Parameters;
}
