namespace Palisade.Sip.Sdp;

/// <summary>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt; (RFC 8866 §5.7); the address keeps any /ttl/count suffix.</summary>
public sealed record SdpConnection(string NetType, string AddrType, string Address)
{
    public static SdpConnection Ip4(string address) => new("IN", "IP4", address);

    public static SdpConnection Ip6(string address) => new("IN", "IP6", address);

    public bool IsIp6 => string.Equals(AddrType, "IP6", StringComparison.OrdinalIgnoreCase);

    public static SdpConnection? TryParse(string value)
    {
        string[] f = value.Split(' ');
        return f.Length == 3 && !Array.Exists(f, s => s.Length == 0) ? new SdpConnection(f[0], f[1], f[2]) : null;
    }

    public override string ToString() => SdpText.Join(NetType, AddrType, Address);
}
