using System.Net.Security;
using System.Security.Authentication;

namespace Palisade.Sip.Transport.Tls;

/// <summary>What a completed handshake negotiated, for the connection log line and diagnostics.</summary>
/// <param name="Protocol">TLS version; Teams requires 1.2 or later (direct-routing-whats-new, 2022-04-03).</param>
/// <param name="CipherSuite">IANA suite (RFC 8447 registry).</param>
/// <param name="ServerName">On a server stream: the SNI the client sent (RFC 6066 §3), empty if none; on a client stream: the name dialled.</param>
/// <param name="Peer">The verified remote certificate, or null if the peer presented none.</param>
public sealed record TlsConnectionInfo(SslProtocols Protocol, TlsCipherSuite CipherSuite, string ServerName, TlsPeerIdentity? Peer)
{
    public static TlsConnectionInfo FromStream(SslStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new TlsConnectionInfo(stream.SslProtocol, stream.NegotiatedCipherSuite, stream.TargetHostName, TlsPeerIdentity.FromStream(stream));
    }
}
