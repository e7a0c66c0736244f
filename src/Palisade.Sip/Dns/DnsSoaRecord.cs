namespace Palisade.Sip.Dns;

/// <summary>
/// An SOA record (RFC 1035 §3.3.13); only <see cref="Minimum"/> and the record TTL matter to us, they bound how long a
/// negative answer may be cached (RFC 2308 §5).
/// </summary>
internal sealed record DnsSoaRecord(string Name, uint Ttl, string PrimaryServer, string Mailbox, uint Serial, uint Minimum)
    : DnsRecord(Name, DnsRecordType.Soa, Ttl);
