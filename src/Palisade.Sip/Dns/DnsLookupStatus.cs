namespace Palisade.Sip.Dns;

internal enum DnsLookupStatus
{
    /// <summary>Records of the asked type were found (after following CNAMEs).</summary>
    Success,

    /// <summary>NXDOMAIN: the name does not exist (RFC 2308 §2.1).</summary>
    NameError,

    /// <summary>NODATA: the name exists but has no record of this type (RFC 2308 §2.2).</summary>
    NoData,

    /// <summary>No usable answer (timeouts, SERVFAIL, malformed replies); never cached.</summary>
    Failure,
}
