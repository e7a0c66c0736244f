using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Dns;

/// <summary>
/// RFC 3263 §4 "Locating a SIP Server": turns the host, port and transport of a SIP URI into the ordered list of
/// (address, port, transport) to try.
/// </summary>
public sealed class SipResolver
{
    private readonly DnsResolver _dns;
    private readonly IReadOnlyList<SipTransportKind> _transports;
    private readonly int _maxTargets;
    private readonly Func<int, int> _random;

    /// <param name="random">Returns a value in [0, maxInclusive] for the RFC 2782 weighted draw; tests pin it.</param>
    internal SipResolver(DnsResolver dns, DnsResolverOptions options, Func<int, int>? random = null)
    {
        ArgumentNullException.ThrowIfNull(dns);
        ArgumentNullException.ThrowIfNull(options);
        _dns = dns;
        _transports = options.Transports;
        _maxTargets = options.MaxTargets;
        // Load spreading, not security: System.Random is what RFC 2782 asks for.
#pragma warning disable CA5394
        _random = random ?? (static max => Random.Shared.Next(0, max + 1));
#pragma warning restore CA5394
    }

    /// <summary>A resolver that talks to the nameservers of <paramref name="options"/> over the wire.</summary>
    public static SipResolver Create(DnsResolverOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        var client = new DnsWireClient(options, timeProvider);
        return new SipResolver(new DnsResolver(options, client, timeProvider), options);
    }

    internal DnsResolver Dns => _dns;

    /// <summary>
    /// The targets for a SIP URI, best first. Empty when DNS says there is nothing; throws
    /// <see cref="DnsResolutionException"/> when nothing was found and some lookup failed.
    /// </summary>
    /// <param name="host">Host of the URI: a name, an IPv4 literal, or an IPv6 literal with or without brackets.</param>
    /// <param name="port">The URI's explicit port, if any.</param>
    /// <param name="transport">The URI's transport parameter, if any.</param>
    /// <param name="secure">True for a sips: URI: only TLS is acceptable (RFC 3261 §26.2.2).</param>
    public async ValueTask<IReadOnlyList<SipTarget>> ResolveAsync(
        string host, int? port, SipTransportKind? transport, bool secure, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 1 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(port), port, "A SIP port is between 1 and 65535.");
        if (secure && transport == SipTransportKind.Udp)
            throw new ArgumentException("A sips: URI cannot use UDP (RFC 3261 §26.2.2).", nameof(transport));
        // sips: with transport=tcp means TLS over TCP (RFC 3261 §26.2.2).
        if (secure)
            transport = transport is null ? null : SipTransportKind.Tls;

        var context = new Context(_maxTargets);

        // §4.1/§4.2: a numeric IP needs no lookup; UDP for sip:, TLS (over TCP) for sips:.
        if (TryParseLiteral(host, out var literal))
        {
            var kind = transport ?? DefaultTransport(secure);
            context.Add(new SipTarget(literal!, port ?? kind.DefaultPort(), kind, host));
            return context.Targets;
        }

        var name = DnsName.TrimDot(host);

        // dns.static: the host is pinned to an address; treat it like a literal but keep the name for TLS.
        if (_dns.TryGetStatic(name, out var pinned))
        {
            var kind = transport ?? DefaultTransport(secure);
            context.Add(new SipTarget(pinned!, port ?? kind.DefaultPort(), kind, name));
            return context.Targets;
        }

        if (port is { } explicitPort)
        {
            // §4.2: with an explicit port, only A/AAAA; §4.1: transport from the URI, else UDP (sip:) or TLS (sips:).
            await AddAddressTargetsAsync(context, name, explicitPort, transport ?? DefaultTransport(secure), cancellationToken).ConfigureAwait(false);
        }
        else if (transport is { } explicitTransport)
        {
            // §4.2: transport known, no port: SRV for it; if there is none, A/AAAA on the transport's default port.
            if (!await AddSrvTargetsAsync(context, SrvName(explicitTransport, name), explicitTransport, cancellationToken).ConfigureAwait(false))
                await AddAddressTargetsAsync(context, name, explicitTransport.DefaultPort(), explicitTransport, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ResolveByNaptrAsync(context, name, secure, cancellationToken).ConfigureAwait(false);
        }

        if (context.Targets.Count == 0 && context.Failure is { } failure)
            throw new DnsResolutionException(string.Create(CultureInfo.InvariantCulture, $"Cannot resolve SIP target {host}: {failure}"));
        return context.Targets;
    }

    private async ValueTask ResolveByNaptrAsync(Context context, string name, bool secure, CancellationToken cancellationToken)
    {
        // §4.1: NAPTR first.
        var naptr = await _dns.LookupAsync(name, DnsRecordType.Naptr, cancellationToken).ConfigureAwait(false);
        context.Note(naptr);
        var choices = NaptrSelection.Select(naptr.Records, secure, _transports);
        foreach (var choice in choices)
        {
            if (context.IsFull)
                break;
            var replacement = DnsName.TrimDot(choice.Record.Replacement);
            if (choice.IsSrv)
                await AddSrvTargetsAsync(context, replacement, choice.Transport, cancellationToken).ConfigureAwait(false);
            else
                await AddAddressTargetsAsync(context, replacement, choice.Transport.DefaultPort(), choice.Transport, cancellationToken).ConfigureAwait(false);
        }

        if (context.Targets.Count > 0)
            return;

        // §4.1: no usable NAPTR: SRV for each transport we support, in our order of preference (TLS only for sips:).
        var srvSeen = false;
        var lookups = new List<(SipTransportKind Transport, Task<DnsLookupResult> Lookup)>();
        foreach (var kind in _transports)
        {
            if (!secure || kind == SipTransportKind.Tls)
                lookups.Add((kind, _dns.LookupAsync(SrvName(kind, name), DnsRecordType.Srv, cancellationToken).AsTask()));
        }

        foreach (var (kind, lookup) in lookups)
        {
            var result = await lookup.ConfigureAwait(false);
            context.Note(result);
            srvSeen |= result.Status == DnsLookupStatus.Success;
            await AddSrvRecordTargetsAsync(context, result, kind, cancellationToken).ConfigureAwait(false);
        }

        // §4.1/§4.2: no SRV either: A/AAAA of the host on the default port, UDP for sip:, TLS for sips:.
        if (!srvSeen)
        {
            var kind = DefaultTransport(secure);
            await AddAddressTargetsAsync(context, name, kind.DefaultPort(), kind, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds the targets of the SRV records of <paramref name="srvName"/>; false when it has none.</summary>
    private async ValueTask<bool> AddSrvTargetsAsync(Context context, string srvName, SipTransportKind transport, CancellationToken cancellationToken)
    {
        var result = await _dns.LookupAsync(srvName, DnsRecordType.Srv, cancellationToken).ConfigureAwait(false);
        context.Note(result);
        await AddSrvRecordTargetsAsync(context, result, transport, cancellationToken).ConfigureAwait(false);
        // RFC 2782: records that exist but all say "." mean the service is decidedly not there: do not fall back.
        return result.Status == DnsLookupStatus.Success;
    }

    private async ValueTask AddSrvRecordTargetsAsync(Context context, DnsLookupResult result, SipTransportKind transport, CancellationToken cancellationToken)
    {
        if (result.Status != DnsLookupStatus.Success)
            return;
        var srv = new List<DnsSrvRecord>(result.Records.Count);
        foreach (var record in result.Records)
        {
            if (record is DnsSrvRecord s)
                srv.Add(s);
        }

        var ordered = SrvOrdering.Order(srv, _random);
        if (ordered.Count > context.Remaining)
            ordered.RemoveRange(context.Remaining, ordered.Count - context.Remaining);

        // Resolve all targets at once, then add them in SRV order.
        var lookups = new List<ValueTask<(IReadOnlyList<IPAddress> Addresses, string? Failure)>>(ordered.Count);
        foreach (var record in ordered)
            lookups.Add(_dns.ResolveAddressesAsync(DnsName.TrimDot(record.Target), cancellationToken));
        for (var i = 0; i < ordered.Count; i++)
        {
            var (addresses, failure) = await lookups[i].ConfigureAwait(false);
            context.NoteFailure(failure);
            var target = DnsName.TrimDot(ordered[i].Target);
            foreach (var address in addresses)
                context.Add(new SipTarget(address, ordered[i].Port, transport, target));
        }
    }

    private async ValueTask AddAddressTargetsAsync(Context context, string name, int port, SipTransportKind transport, CancellationToken cancellationToken)
    {
        var (addresses, failure) = await _dns.ResolveAddressesAsync(name, cancellationToken).ConfigureAwait(false);
        context.NoteFailure(failure);
        foreach (var address in addresses)
            context.Add(new SipTarget(address, port, transport, name));
    }

    private static SipTransportKind DefaultTransport(bool secure) => secure ? SipTransportKind.Tls : SipTransportKind.Udp;

    /// <summary>RFC 3263 §4.2 SRV owner names: _sips._tcp for TLS, _sip._tcp, _sip._udp.</summary>
    internal static string SrvName(SipTransportKind transport, string host) => transport switch
    {
        SipTransportKind.Tls => "_sips._tcp." + host,
        SipTransportKind.Tcp => "_sip._tcp." + host,
        _ => "_sip._udp." + host,
    };

    /// <summary>
    /// A numeric host: IPv6 (bracketed or not) or a dotted-quad IPv4. Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>,
    /// which would read "10" or "1.2" as addresses; those are (odd) host names.
    /// </summary>
    internal static bool TryParseLiteral(string host, out IPAddress? address)
    {
        address = null;
        var span = host.AsSpan();
        if (span.Length > 2 && span[0] == '[' && span[^1] == ']')
            span = span[1..^1];
        if (span.Contains(':'))
            return IPAddress.TryParse(span, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;

        var dots = 0;
        foreach (var c in span)
        {
            if (c == '.')
                dots++;
            else if (c is < '0' or > '9')
                return false;
        }

        return dots == 3 && IPAddress.TryParse(span, out address);
    }

    /// <summary>Targets collected so far (deduplicated, bounded) and the first lookup failure seen.</summary>
    private sealed class Context(int maxTargets)
    {
        private readonly List<SipTarget> _targets = [];

        public IReadOnlyList<SipTarget> Targets => _targets;

        public string? Failure { get; private set; }

        public bool IsFull => _targets.Count >= maxTargets;

        public int Remaining => maxTargets - _targets.Count;

        public void Add(SipTarget target)
        {
            if (!IsFull && !_targets.Contains(target))
                _targets.Add(target);
        }

        public void Note(DnsLookupResult result)
        {
            if (result.Status == DnsLookupStatus.Failure)
                NoteFailure(result.Error);
        }

        public void NoteFailure(string? failure) => Failure ??= failure;
    }
}
