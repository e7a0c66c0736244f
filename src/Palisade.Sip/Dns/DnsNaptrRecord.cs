namespace Palisade.Sip.Dns;

/// <summary>A NAPTR record (RFC 3403 §4.1).</summary>
internal sealed record DnsNaptrRecord(
    string Name,
    uint Ttl,
    ushort Order,
    ushort Preference,
    string Flags,
    string Services,
    string Regexp,
    string Replacement) : DnsRecord(Name, DnsRecordType.Naptr, Ttl);
