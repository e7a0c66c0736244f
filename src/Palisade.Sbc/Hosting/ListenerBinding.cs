using System.Net;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Hosting;

/// <summary>A bound SIP listener as legs use it: the socket replies and new requests leave from, and the address for Via and Contact.</summary>
public sealed record ListenerBinding(string Name, SipTransportKind Transport, IPEndPoint Bound)
{
    /// <summary>"udp" / "tcp" / "tls" for URI transport parameters.</summary>
    public string UriTransport { get; } = Transport switch
    {
        SipTransportKind.Udp => "udp",
        SipTransportKind.Tcp => "tcp",
        _ => "tls",
    };

    /// <summary>The bound address as written in a URI or Via (IPv6 in brackets).</summary>
    public string HostText { get; } = Bound.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? "[" + Bound.Address + "]"
        : Bound.Address.ToString();
}
