namespace Palisade.Routing.Model;

/// <summary>The SIP transport of a listener or a trunk endpoint.</summary>
public enum SipTransport
{
    Udp,
    Tcp,
    Tls,
}
