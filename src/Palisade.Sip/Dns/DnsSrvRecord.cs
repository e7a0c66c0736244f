namespace Palisade.Sip.Dns;

/// <summary>An SRV record (RFC 2782). A <see cref="Target"/> of "." means the service is decidedly not available.</summary>
internal sealed record DnsSrvRecord(string Name, uint Ttl, ushort Priority, ushort Weight, ushort Port, string Target)
    : DnsRecord(Name, DnsRecordType.Srv, Ttl)
{
    public bool IsServiceUnavailable => Target.Length == 0 || Target == ".";
}
