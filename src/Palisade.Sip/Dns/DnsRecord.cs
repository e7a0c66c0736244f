namespace Palisade.Sip.Dns;

/// <summary>A decoded resource record of class IN. <see cref="Ttl"/> is already clamped per RFC 2181 §8.</summary>
internal abstract record DnsRecord(string Name, DnsRecordType Type, uint Ttl);
