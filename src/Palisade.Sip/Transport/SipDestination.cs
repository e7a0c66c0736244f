using System.Net;

namespace Palisade.Sip.Transport;

/// <summary>
/// Where a message goes, or where it came from. <see cref="ConnectionId"/> pins a stream message to the connection a
/// request arrived on (RFC 3261 §18.2.2: responses go back over the same connection); 0 means "any, or open one".
/// <see cref="HostName"/> is the name dialled, for TLS SNI and certificate checks. <see cref="LocalEndPoint"/> is the
/// UDP listener a message arrived on: answers leave from the same socket, so a peer behind NAT sees the address it
/// sent to (RFC 3581 §4, symmetric response).
/// </summary>
public readonly record struct SipDestination(SipTransportKind Transport, IPEndPoint EndPoint, long ConnectionId = 0, string? HostName = null, IPEndPoint? LocalEndPoint = null)
{
    public override string ToString() => Transport.ViaToken() + ":" + EndPoint;
}
