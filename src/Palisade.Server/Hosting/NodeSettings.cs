using System.Net;
using Palisade.Routing.Model;
using Palisade.Sip.Transport;

namespace Palisade.Server.Hosting;

/// <summary>Maps the configuration model onto the settings of the SIP layer.</summary>
internal static class NodeSettings
{
    public static SipListenerOptions Listener(ListenerModel l) =>
        new(l.Name, Transport(l.Transport), new IPEndPoint(l.Address, l.Port));

    public static SipTransportKind Transport(SipTransport t) => t switch
    {
        SipTransport.Udp => SipTransportKind.Udp,
        SipTransport.Tcp => SipTransportKind.Tcp,
        _ => SipTransportKind.Tls,
    };
}
