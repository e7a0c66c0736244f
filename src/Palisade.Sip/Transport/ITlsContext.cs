using System.Net.Security;

namespace Palisade.Sip.Transport;

/// <summary>Supplies SslStream options for TLS listeners (server side) and outbound TLS connections (client side).</summary>
public interface ITlsContext
{
    SslServerAuthenticationOptions ServerOptions { get; }

    /// <summary>Client options for a connection to <paramref name="hostName"/> (SNI and the name verified).</summary>
    SslClientAuthenticationOptions ClientOptions(string hostName);
}
