namespace Palisade.Sip.Sdp;

/// <summary>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt; (RFC 8866 §5.2).</summary>
public sealed record SdpOrigin(string Username, string SessionId, ulong SessionVersion, string NetType, string AddrType, string Address)
{
    public static SdpOrigin? TryParse(string value)
    {
        string[] f = value.Split(' ');
        if (f.Length != 6 || Array.Exists(f, s => s.Length == 0) || !SdpText.IsDigits(f[1]) || !ulong.TryParse(f[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong version))
            return null;
        return new SdpOrigin(f[0], f[1], version, f[3], f[4], f[5]);
    }

    public override string ToString() => SdpText.Join(Username, SessionId, SdpText.Number(SessionVersion), NetType, AddrType, Address);
}
