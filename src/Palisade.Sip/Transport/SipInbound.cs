using Palisade.Sip.Message;

namespace Palisade.Sip.Transport;

/// <summary>
/// A parsed message and where it came from (the local listener and the remote peer). <see cref="TlsPeer"/> is the
/// certificate the peer presented on a TLS connection (validated against the configured trust), for the call engine to
/// tell Microsoft's SIP proxy from any other holder of a certificate from a trusted CA; null on UDP and TCP.
/// </summary>
public sealed record SipInbound(SipMessage Message, SipDestination Source, string ListenerName, Tls.TlsPeerIdentity? TlsPeer = null);
