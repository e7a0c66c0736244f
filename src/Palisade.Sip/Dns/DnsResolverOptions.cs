using System.Net;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Dns;

/// <summary>Settings of the DNS resolver (config section <c>dns</c>).</summary>
public sealed record DnsResolverOptions
{
    /// <summary>Nameservers to ask, in order; <c>null</c> or empty reads them from <see cref="ResolvConfPath"/>.</summary>
    public IReadOnlyList<IPEndPoint>? NameServers { get; init; }

    public string ResolvConfPath { get; init; } = ResolvConf.DefaultPath;

    /// <summary>How long to wait for one server's answer to one transmission.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many rounds over all nameservers before giving up (like resolv.conf <c>attempts</c>).</summary>
    public int Attempts { get; init; } = 2;

    /// <summary><c>dns.static</c>: host names answered without DNS (e.g. sip.pstnhub.microsoft.com → 127.0.0.3 in a
    /// lab). Consulted before the cache and the network. Keys are compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, IPAddress> StaticHosts { get; init; } = new Dictionary<string, IPAddress>();

    /// <summary>Upper bound of (name, type) entries kept in the cache.</summary>
    public int MaxCacheEntries { get; init; } = 4096;

    /// <summary>Cap on how long a positive answer is kept, whatever its TTL says.</summary>
    public TimeSpan MaxPositiveTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Cap on negative caching (RFC 2308 §5 suggests 1–3 hours; an SBC wants to notice fixes sooner).</summary>
    public TimeSpan MaxNegativeTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Advertise a 1232-byte UDP payload with EDNS(0) (RFC 6891) so answers rarely need TCP.</summary>
    public bool UseEdns { get; init; } = true;

    /// <summary>Query AAAA as well as A.</summary>
    public bool UseIPv6 { get; init; } = true;

    /// <summary>Put IPv6 addresses of a host before its IPv4 ones.</summary>
    public bool PreferIPv6 { get; init; }

    /// <summary>Transports we can use, in our order of preference for the RFC 3263 §4.1 SRV fallback.</summary>
    public IReadOnlyList<SipTransportKind> Transports { get; init; } = [SipTransportKind.Udp, SipTransportKind.Tcp, SipTransportKind.Tls];

    /// <summary>Upper bound on the targets one resolution returns (and so on the lookups hostile DNS data can cause).</summary>
    public int MaxTargets { get; init; } = 32;

    /// <summary>Problems that make these options unusable, each a sentence; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(30))
            errors.Add("dns.timeout must be between 0 and 30 seconds.");
        if (Attempts is < 1 or > 5)
            errors.Add("dns.attempts must be between 1 and 5.");
        if (MaxCacheEntries < 1)
            errors.Add("dns.maxCacheEntries must be at least 1.");
        if (MaxTargets < 1)
            errors.Add("dns.maxTargets must be at least 1.");
        if (MaxPositiveTtl < TimeSpan.Zero || MaxNegativeTtl < TimeSpan.Zero)
            errors.Add("dns TTL caps must not be negative.");
        if (Transports.Count == 0)
            errors.Add("dns.transports must name at least one transport.");
        foreach (var (host, address) in StaticHosts)
        {
            if (string.IsNullOrWhiteSpace(host))
                errors.Add("dns.static has an empty host name.");
            else if (address is null)
                errors.Add($"dns.static entry '{host}' has no address.");
        }

        return errors;
    }
}
