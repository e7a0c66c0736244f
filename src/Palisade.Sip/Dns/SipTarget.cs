using System.Net;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Dns;

/// <summary>
/// One place to send a SIP request to, in the order RFC 3263 §4 says to try them.
/// <paramref name="HostName"/> is the FQDN whose A/AAAA records gave <paramref name="Address"/> (the SRV or NAPTR
/// target, or the URI host itself), kept because TLS needs a name for SNI and certificate checks.
/// </summary>
public sealed record SipTarget(IPAddress Address, int Port, SipTransportKind Transport, string HostName);
