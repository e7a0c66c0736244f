namespace Palisade.Sip.Dns;

/// <summary>The resource record types the resolver understands (RFC 1035 §3.2.2, RFC 3596, RFC 2782, RFC 3403).</summary>
internal enum DnsRecordType : ushort
{
    A = 1,
    Ns = 2,
    Cname = 5,
    Soa = 6,
    Aaaa = 28,
    Srv = 33,
    Naptr = 35,
    Opt = 41,
}
