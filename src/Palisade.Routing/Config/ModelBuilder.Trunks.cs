using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

internal sealed partial class ModelBuilder
{
    private static readonly (string Word, TrunkKind Value)[] Kinds =
        [("teams", TrunkKind.Teams), ("acs", TrunkKind.Acs), ("carrier", TrunkKind.Carrier), ("pbx", TrunkKind.Pbx)];

    private static readonly (string Word, SrtpPolicy Value)[] SrtpPolicies =
        [("required", SrtpPolicy.Required), ("optional", SrtpPolicy.Optional), ("off", SrtpPolicy.Off)];

    private static readonly ImmutableArray<int> DefaultFailoverCodes = [408, 500, 502, 503, 504];

    private static readonly TimeSpan DefaultSetupTimeout = TimeSpan.FromSeconds(10);

    private Dictionary<string, TrunkModel> BuildTrunks(
        ImmutableArray<TrunkConfig> configs,
        Dictionary<string, TenantModel> tenants,
        Dictionary<string, (ListenerModel Model, int Index)> listeners)
    {
        var trunks = new Dictionary<string, TrunkModel>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            if (config.Id is not null)
            {
                trunkIds.Add(config.Id.Value);
            }
        }

        foreach (var config in configs)
        {
            if (config.Id is null)
            {
                continue;
            }

            var before = diagnostics.Count;
            var context = $"trunk '{config.Id.Value}'";
            var id = values.Id(config.Id, "trunk id", context);
            var unique = id is not null && Register(config.Id, seen, "trunk");
            var kind = config.Kind is { } k ? values.Keyword(k, "kind", context, Kinds) : null;

            TenantModel? tenant = null;
            if (config.Tenant is { } tenantRef && !IsUnknown(tenantRef, tenantIds, "tenant", context))
            {
                tenants.TryGetValue(tenantRef.Value, out tenant);
            }

            ListenerModel? listener = null;
            if (config.Listener is { } listenerRef && !IsUnknown(listenerRef, listenerNames, "listener", context))
            {
                listener = listeners.TryGetValue(listenerRef.Value, out var l) ? l.Model : null;
            }

            var endpoints = BuildEndpoints(config, kind, listener, listeners, context);
            var allowFrom = config.AllowFrom.IsDefault ? [] : BuildAllowFrom(config.AllowFrom, context);
            var probe = BuildProbe(config.Probe, context);
            var media = BuildTrunkMedia(config.Media, kind, context);
            var failoverCodes = config.FailoverCodes.IsDefault ? DefaultFailoverCodes : BuildFailoverCodes(config.FailoverCodes, context);
            var rates = config.Rates is { } r ? BuildRates(r, context) : null;
            var maxCalls = config.MaxCalls is { } mc ? values.Int(mc, "max-calls", context, 0, 1_000_000) : null;
            var maxCps = config.MaxCps is { } cps ? values.Int(cps, "max-cps", context, 0, 100_000) : null;
            var setupTimeout = config.SetupTimeout is { } st
                ? values.Duration(st, "setup-timeout", context, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2))
                : DefaultSetupTimeout;
            var numberRules = BuildNumberRules(config.NumberRules, context);
            var headerRules = BuildHeaderRules(config.HeaderRules, context);
            var diversion = config.Diversion is { } dv ? values.Keyword(dv, "diversion", context, DiversionModes) : DiversionMode.Diversion;
            var identity = BuildIdentity(config.Identity, context);
            var redirect = config.Redirect is { } rd ? values.Keyword(rd, "redirect", context, RedirectModes) : RedirectMode.Follow;
            var contactHost = BuildContactHost(config.ContactHost, kind, context);
            var sessionTimer = BuildSessionTimer(config.SessionTimer, context);
            var auth = config.Auth is { } a ? BuildAuth(a, kind, endpoints, context) : null;
            CheckAllowFrom(config, context);

            if (diagnostics.Count > before || !unique || kind is null)
            {
                continue;
            }

            trunks.Add(id!, new TrunkModel
            {
                Id = id!,
                Kind = kind.Value,
                Tenant = tenant,
                Listener = listener,
                Endpoints = endpoints,
                AllowFrom = allowFrom,
                Probe = probe!,
                Media = media!,
                FailoverCodes = failoverCodes,
                Rates = rates,
                MaxCalls = maxCalls,
                MaxCallsPerSecond = maxCps,
                SetupTimeout = setupTimeout!.Value,
                NumberRulesIn = numberRules.In,
                NumberRulesOut = numberRules.Out,
                HeaderRulesIn = headerRules.In,
                HeaderRulesOut = headerRules.Out,
                DiversionMode = diversion!.Value,
                Identity = identity!,
                Redirect = redirect!.Value,
                ContactHost = contactHost!.Value,
                SessionTimer = sessionTimer,
                Auth = auth,
            });
        }

        return trunks;
    }

    private ImmutableArray<EndpointModel> BuildEndpoints(
        TrunkConfig config,
        TrunkKind? kind,
        ListenerModel? listener,
        Dictionary<string, (ListenerModel Model, int Index)> listeners,
        string trunk)
    {
        if (config.Endpoints.IsDefaultOrEmpty)
        {
            if (!config.Endpoints.IsDefault)
            {
                diagnostics.Add(config.EndpointsPosition, $"'endpoints' of {trunk} is empty; give at least one {{ host, port, transport }}");
            }

            return [];
        }

        // Teams and ACS speak TLS only, so that is their default; everyone else defaults to plain UDP.
        var tlsOnly = kind is TrunkKind.Teams or TrunkKind.Acs;
        var endpoints = ImmutableArray.CreateBuilder<EndpointModel>(config.Endpoints.Length);
        for (var i = 0; i < config.Endpoints.Length; i++)
        {
            var e = config.Endpoints[i];
            if (e.Host is null)
            {
                continue;
            }

            var context = $"endpoint '{e.Host.Value}' of {trunk}";
            var host = Host(e.Host, context);
            var transport = e.Transport is { } t
                ? values.Keyword(t, "transport", context, Transports)
                : tlsOnly ? SipTransport.Tls : SipTransport.Udp;
            var port = e.Port is { } p ? values.Port(p, context) : transport == SipTransport.Tls ? 5061 : 5060;
            // Written order is the default priority, so a plain list is tried top to bottom.
            var priority = e.Priority is { } pr ? values.Int(pr, "priority", context, 0, 65535) : i;
            var weight = e.Weight is { } w ? values.Int(w, "weight", context, 0, 65535) : 1;
            if (host is null || transport is null || port is null || priority is null || weight is null)
            {
                continue;
            }

            var at = (ConfigNode?)e.Transport ?? e.Host;
            if (tlsOnly && transport != SipTransport.Tls)
            {
                var peer = kind == TrunkKind.Teams ? "Microsoft's Teams SIP proxy" : "Azure Communication Services Direct Routing";
                diagnostics.Add(at, $"{context} uses {Word(transport.Value)}, but {trunk} is kind {Kinds.First(x => x.Value == kind).Word}: {peer} accepts TLS only");
            }
            else if (listener is not null && listener.Transport != transport)
            {
                diagnostics.Add(at, $"{context} uses {Word(transport.Value)}, but the trunk's listener '{listener.Name}' is {Word(listener.Transport)}");
            }
            else if (listener is null && config.Listener is null && listeners.Count > 0 && !listeners.Values.Any(l => l.Model.Transport == transport))
            {
                diagnostics.Add(at, $"{context} uses {Word(transport.Value)}, but no listener is {Word(transport.Value)}");
            }

            endpoints.Add(new EndpointModel { Host = host, Port = port.Value, Transport = transport.Value, Priority = priority.Value, Weight = weight.Value });
        }

        return endpoints.ToImmutable();
    }

    /// <summary>An IP literal (strictly parsed) or a host name; digits-and-dots that are not a valid IPv4 address are a bad address, not a host name.</summary>
    private string? Host(ConfigScalar value, string context)
    {
        if (ValueParser.LooksLikeIpv4(value.Value) || value.Value.Contains(':', StringComparison.Ordinal))
        {
            return values.Ip(value, context)?.ToString();
        }

        return values.HostName(value, "host", context, requireDot: false);
    }

    private ImmutableArray<IPNetwork> BuildAllowFrom(ImmutableArray<ConfigScalar> items, string trunk)
    {
        var networks = ImmutableArray.CreateBuilder<IPNetwork>(items.Length);
        foreach (var item in items)
        {
            if (values.Cidr(item, $"allow-from of {trunk}") is { } network)
            {
                networks.Add(network);
            }
        }

        return networks.ToImmutable();
    }

    private ProbeModel? BuildProbe(ProbeConfig? config, string trunk)
    {
        if (config is null)
        {
            return ProbeModel.Default;
        }

        var context = $"the probe of {trunk}";
        var d = ProbeModel.Default;
        var enabled = config.Enabled is { } e ? values.Bool(e, "enabled", context) : d.Enabled;
        var interval = config.Interval is { } i ? values.Duration(i, "interval", context, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) : d.Interval;
        var timeout = config.Timeout is { } t ? values.Duration(t, "timeout", context, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)) : d.Timeout;
        var up = config.UpAfter is { } u ? values.Int(u, "up-after", context, 1, 100) : d.UpAfter;
        var down = config.DownAfter is { } dn ? values.Int(dn, "down-after", context, 1, 100) : d.DownAfter;
        if (enabled is null || interval is null || timeout is null || up is null || down is null)
        {
            return null;
        }

        if (timeout > interval)
        {
            // Otherwise probes overlap and one slow answer counts against two probes.
            diagnostics.Add((ConfigNode?)config.Timeout ?? config.Interval!, $"the probe timeout of {trunk} ({timeout.Value.TotalSeconds:0.###}s) is longer than its interval ({interval.Value.TotalSeconds:0.###}s)");
            return null;
        }

        return new ProbeModel { Enabled = enabled.Value, Interval = interval.Value, Timeout = timeout.Value, UpAfter = up.Value, DownAfter = down.Value };
    }

    private TrunkMediaModel? BuildTrunkMedia(TrunkMediaConfig? config, TrunkKind? kind, string trunk)
    {
        var context = $"the media of {trunk}";
        var tlsOnly = kind is TrunkKind.Teams or TrunkKind.Acs;
        var srtp = config?.Srtp is { } s ? values.Keyword(s, "srtp", context, SrtpPolicies) : tlsOnly ? SrtpPolicy.Required : SrtpPolicy.Off;
        if (srtp == SrtpPolicy.Off && tlsOnly)
        {
            diagnostics.Add(config!.Srtp!, $"{trunk} is kind {Kinds.First(x => x.Value == kind).Word}, which requires SRTP; use 'srtp: required' (or optional)");
            return null;
        }

        var codecs = ImmutableArray.CreateBuilder<string>();
        if (config is not null && !config.Codecs.IsDefault)
        {
            foreach (var codec in config.Codecs)
            {
                if (!CodecName().IsMatch(codec.Value))
                {
                    values.Bad(codec, "codec", context, "expected an SDP encoding name such as PCMU, PCMA, G722, opus or telephone-event");
                }
                else if (codecs.Contains(codec.Value, StringComparer.OrdinalIgnoreCase))
                {
                    diagnostics.Add(codec, $"codec '{codec.Value}' is listed twice in {context}");
                }
                else
                {
                    codecs.Add(codec.Value);
                }
            }
        }

        return srtp is null ? null : new TrunkMediaModel { Srtp = srtp.Value, Codecs = codecs.ToImmutable() };
    }

    private ImmutableArray<int> BuildFailoverCodes(ImmutableArray<ConfigScalar> items, string trunk)
    {
        var codes = ImmutableArray.CreateBuilder<int>(items.Length);
        foreach (var item in items)
        {
            if (values.Int(item, "failover code", $"failover-codes of {trunk}", 300, 699) is { } code)
            {
                codes.Add(code);
            }
        }

        return codes.ToImmutable();
    }

    private RateDeckModel? BuildRates(RatesConfig config, string trunk)
    {
        var context = $"the rates of {trunk}";
        var before = diagnostics.Count;
        if (config.Currency is { } currency && !Currency().IsMatch(currency.Value))
        {
            values.Bad(currency, "currency", context, "expected a three-letter ISO 4217 code such as USD or EUR");
        }

        var prefixes = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (prefix, price) in config.Prefixes)
        {
            // Both halves are checked so a line with two mistakes shows both.
            var prefixOk = RatePrefix().IsMatch(prefix.Value);
            if (!prefixOk)
            {
                values.Bad(prefix, "rate prefix", context, "expected '+' and 1 to 15 digits, such as \"+44\"");
            }

            if (!decimal.TryParse(price.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var perMinute))
            {
                values.Bad(price, "price", context, "expected a price per minute such as 0.0040 (no sign, no currency symbol)");
            }
            else if (prefixOk)
            {
                prefixes[prefix.Value] = perMinute;
            }
        }

        var billing = config.Billing is { } b ? Billing(b, context) : (60, 60);
        decimal fee = 0;
        if (config.ConnectionFee is { } f
            && !decimal.TryParse(f.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out fee))
        {
            values.Bad(f, "connection fee", context, "expected a price per answered call such as 0.01 (no sign, no currency symbol)");
        }

        return diagnostics.Count > before || config.Currency is null || billing is null
            ? null
            : new RateDeckModel
            {
                Currency = config.Currency.Value,
                Prefixes = prefixes.ToFrozenDictionary(StringComparer.Ordinal),
                FirstIncrementSeconds = billing.Value.First,
                IncrementSeconds = billing.Value.Next,
                ConnectionFee = fee,
            };
    }

    /// <summary>"60/60" (per started minute), "60/1", "1/1", "30/6": seconds charged first, then the step.</summary>
    private (int First, int Next)? Billing(ConfigScalar value, string context)
    {
        var slash = value.Value.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(value.Value.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(value.Value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var next)
            && first is >= 1 and <= 3600 && next is >= 1 and <= 3600)
        {
            return (first, next);
        }

        values.Bad(value, "billing", context, "expected FIRST/NEXT in seconds (1 to 3600), such as 60/60 for per started minute or 1/1 for per second");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex CodecName();

    [GeneratedRegex(@"^[A-Z]{3}$")]
    private static partial Regex Currency();

    [GeneratedRegex(@"^\+\d{1,15}$")]
    private static partial Regex RatePrefix();
}
