using System.Net;

namespace Palisade.Sip.Dns;

/// <summary>An A (RFC 1035 §3.4.1) or AAAA (RFC 3596 §2.2) record.</summary>
internal sealed record DnsAddressRecord(string Name, DnsRecordType Type, uint Ttl, IPAddress Address) : DnsRecord(Name, Type, Ttl);
