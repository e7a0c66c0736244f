using System.Globalization;
using System.Net;

namespace Palisade.Sip.Dns;

/// <summary>
/// Record lookups with the static table first, then the TTL cache, then the nameservers. Concurrent lookups of the same
/// (name, type) share one query. CNAME chains are followed (RFC 1034 §3.6.2) up to <see cref="MaxCnameHops"/>.
/// </summary>
internal sealed class DnsResolver
{
    public const int MaxCnameHops = 8;

    private readonly IDnsQueryClient _client;
    private readonly DnsCache _cache;
    private readonly Dictionary<string, IPAddress> _static;
    private readonly Dictionary<(string Name, DnsRecordType Type), Task<DnsLookupResult>> _inflight = [];
    private readonly Lock _inflightLock = new();
    private readonly TimeSpan _maxPositiveTtl;
    private readonly TimeSpan _maxNegativeTtl;
    private readonly bool _useIPv6;
    private readonly bool _preferIPv6;

    public DnsResolver(DnsResolverOptions options, IDnsQueryClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _cache = new DnsCache(options.MaxCacheEntries, timeProvider ?? TimeProvider.System);
        _static = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        foreach (var (host, address) in options.StaticHosts)
            _static[DnsName.Normalize(host)] = address;
        _maxPositiveTtl = options.MaxPositiveTtl;
        _maxNegativeTtl = options.MaxNegativeTtl;
        _useIPv6 = options.UseIPv6;
        _preferIPv6 = options.PreferIPv6;
    }

    internal DnsCache Cache => _cache;

    /// <summary>The <c>dns.static</c> address of <paramref name="host"/>, if it has one.</summary>
    public bool TryGetStatic(string host, out IPAddress? address) =>
        _static.TryGetValue(DnsName.Normalize(host), out address);

    /// <summary>
    /// A and (if enabled) AAAA addresses of <paramref name="host"/>, IPv4 first unless IPv6 is preferred. The static
    /// table wins over DNS. <paramref name="failure"/> collects why a lookup failed, for the caller's error message.
    /// </summary>
    public async ValueTask<(IReadOnlyList<IPAddress> Addresses, string? Failure)> ResolveAddressesAsync(
        string host, CancellationToken cancellationToken)
    {
        if (TryGetStatic(host, out var fixedAddress))
            return ([fixedAddress!], null);

        var v4Task = LookupAsync(host, DnsRecordType.A, cancellationToken).AsTask();
        var v6Task = _useIPv6 ? LookupAsync(host, DnsRecordType.Aaaa, cancellationToken).AsTask() : null;
        var v4 = await v4Task.ConfigureAwait(false);
        var v6 = v6Task is null ? null : await v6Task.ConfigureAwait(false);

        var addresses = new List<IPAddress>();
        if (_preferIPv6 && v6 is not null)
            AddAddresses(addresses, v6);
        AddAddresses(addresses, v4);
        if (!_preferIPv6 && v6 is not null)
            AddAddresses(addresses, v6);

        var failure = v4.Status == DnsLookupStatus.Failure ? v4.Error : v6?.Status == DnsLookupStatus.Failure ? v6.Error : null;
        return (addresses, failure);
    }

    private static void AddAddresses(List<IPAddress> addresses, DnsLookupResult result)
    {
        foreach (var record in result.Records)
        {
            if (record is DnsAddressRecord a && !addresses.Contains(a.Address))
                addresses.Add(a.Address);
        }
    }

    /// <summary>Records of <paramref name="type"/> for <paramref name="name"/>; never throws but for cancellation.</summary>
    public ValueTask<DnsLookupResult> LookupAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var key = DnsName.Normalize(name);
        if (_cache.TryGet(key, type, out var cached))
            return ValueTask.FromResult(cached!);

        Task<DnsLookupResult>? shared;
        lock (_inflightLock)
        {
            if (!_inflight.TryGetValue((key, type), out shared))
            {
                shared = QuerySharedAsync(key, name, type);
                _inflight[(key, type)] = shared;
            }
        }

        // The shared query is not tied to any one caller's token (it ends by itself within timeout × attempts);
        // a caller that gives up just stops waiting for it.
        return new ValueTask<DnsLookupResult>(shared.WaitAsync(cancellationToken));
    }

    private async Task<DnsLookupResult> QuerySharedAsync(string key, string name, DnsRecordType type)
    {
        // Never finish synchronously: the entry must be in _inflight before the finally below removes it.
        await Task.Yield();
        try
        {
            var (result, ttl) = await QueryFollowingCnamesAsync(DnsName.TrimDot(name), type).ConfigureAwait(false);
            if (result.Status != DnsLookupStatus.Failure)
                _cache.Set(key, type, result, ttl);
            return result;
        }
        finally
        {
            lock (_inflightLock)
                _inflight.Remove((key, type));
        }
    }

    private async Task<(DnsLookupResult Result, TimeSpan Ttl)> QueryFollowingCnamesAsync(string name, DnsRecordType type)
    {
        var current = name;
        var ttl = uint.MaxValue;
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { DnsName.TrimDot(name) };
        for (var query = 0; query <= MaxCnameHops; query++)
        {
            var response = await _client.QueryAsync(current, type, CancellationToken.None).ConfigureAwait(false);
            if (response.Message is not { } message)
                return (DnsLookupResult.Failed(name, response.Error ?? "no answer"), TimeSpan.Zero);

            // Walk the chain inside this answer: records of the asked type owned by the current name, else its CNAME.
            var records = new List<DnsRecord>();
            var chainBroken = false;
            while (!chainBroken)
            {
                DnsCnameRecord? cname = null;
                foreach (var record in message.Answers)
                {
                    if (!DnsName.Equals(record.Name, current))
                        continue;
                    if (record.Type == type)
                    {
                        records.Add(record);
                        ttl = Math.Min(ttl, record.Ttl);
                    }
                    else if (record is DnsCnameRecord c && cname is null)
                    {
                        cname = c;
                    }
                }

                if (records.Count > 0)
                    return (new DnsLookupResult(DnsLookupStatus.Success, records, DnsName.TrimDot(current)), Cap(ttl, _maxPositiveTtl));
                if (cname is null)
                {
                    chainBroken = true;
                }
                else
                {
                    var target = DnsName.TrimDot(cname.Target);
                    if (!visited.Add(target) || visited.Count > MaxCnameHops + 1)
                        return (DnsLookupResult.Failed(name, $"CNAME loop or chain longer than {MaxCnameHops} at {current}"), TimeSpan.Zero);
                    ttl = Math.Min(ttl, cname.Ttl);
                    current = target;
                }
            }

            // Nothing of the asked type. If a CNAME led elsewhere and the server did not chase it, ask for the target
            // (RFC 1034 §5.3.3); otherwise this is a negative answer for the name we ended on.
            if (message.ResponseCode == DnsResponseCode.NoError && !DnsName.Equals(current, message.QuestionName))
                continue;

            var status = message.ResponseCode == DnsResponseCode.NameError ? DnsLookupStatus.NameError : DnsLookupStatus.NoData;
            return (new DnsLookupResult(status, [], DnsName.TrimDot(current)), NegativeTtl(message, ttl));
        }

        return (DnsLookupResult.Failed(name, string.Create(CultureInfo.InvariantCulture, $"CNAME chain longer than {MaxCnameHops}")), TimeSpan.Zero);
    }

    /// <summary>
    /// RFC 2308 §5: a negative answer is cached for the lesser of the SOA's TTL and MINIMUM, never longer than our cap.
    /// Without an SOA it is not cached at all (RFC 2308 §5 "SHOULD NOT").
    /// </summary>
    private TimeSpan NegativeTtl(DnsMessage message, uint chainTtl)
    {
        foreach (var record in message.Authorities)
        {
            if (record is DnsSoaRecord soa)
                return Cap(Math.Min(chainTtl, Math.Min(soa.Ttl, soa.Minimum)), _maxNegativeTtl);
        }

        return TimeSpan.Zero;
    }

    private static TimeSpan Cap(uint seconds, TimeSpan max) =>
        seconds >= max.TotalSeconds ? max : TimeSpan.FromSeconds(seconds);
}
