namespace Palisade.Sip.Transport;

public enum SipTransportKind : byte
{
    Udp,
    Tcp,
    Tls,
}

public static class SipTransportKinds
{
    /// <summary>Reliable transports carry no retransmissions (RFC 3261 §17.1.1.2 Timer A, §17.1.2.2 Timer E).</summary>
    public static bool IsReliable(this SipTransportKind kind) => kind != SipTransportKind.Udp;

    /// <summary>The Via transport token (RFC 3261 §20.42).</summary>
    public static string ViaToken(this SipTransportKind kind) => kind switch
    {
        SipTransportKind.Udp => "UDP",
        SipTransportKind.Tcp => "TCP",
        _ => "TLS",
    };

    public static int DefaultPort(this SipTransportKind kind) => kind == SipTransportKind.Tls ? 5061 : 5060;
}
