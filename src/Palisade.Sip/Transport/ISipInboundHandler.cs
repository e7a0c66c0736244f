namespace Palisade.Sip.Transport;

/// <summary>
/// Receives every well-formed message. Called on the receiving thread (UDP) or connection loop (TCP/TLS): it must
/// not block; long work is queued by the handler.
/// </summary>
public interface ISipInboundHandler
{
    void OnMessage(SipInbound inbound);
}
