namespace Palisade.Sip.Transport;

/// <summary>Limits and timeouts of the transport layer; validated by the server at start.</summary>
public sealed record SipTransportOptions
{
    /// <summary>Largest message accepted on a stream or datagram (RFC 3261 §18.1.1 bounds UDP; 64 KiB bounds the rest).</summary>
    public int MaxMessageSize { get; init; } = Message.SipFramer.DefaultMaxMessageSize;

    /// <summary>Concurrent TCP/TLS connections accepted from one source address.</summary>
    public int MaxConnectionsPerSource { get; init; } = 32;

    /// <summary>Concurrent TCP/TLS connections in all.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>A connection with no traffic for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A message that started arriving must be complete within this time (slow-loris guard).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS handshakes and outbound connects must finish within this time.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Host (FQDN) Palisade names itself in Warning headers and generated Via/Contact.</summary>
    public string AgentName { get; init; } = "palisade";

    /// <summary>Threads receiving on each UDP socket. More than one loses arrival order between them; keep 1 unless the
    /// handler restores order itself.</summary>
    public int UdpReceiveThreads { get; init; } = 1;
}
