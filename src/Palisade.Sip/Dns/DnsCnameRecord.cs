namespace Palisade.Sip.Dns;

/// <summary>A CNAME record (RFC 1035 §3.3.1).</summary>
internal sealed record DnsCnameRecord(string Name, uint Ttl, string Target) : DnsRecord(Name, DnsRecordType.Cname, Ttl);
