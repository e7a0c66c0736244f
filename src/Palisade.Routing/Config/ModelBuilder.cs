using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary>
/// Second stage: <c>*Config</c> records → <c>*Model</c> records. Parses every value, resolves references and checks
/// the whole (duplicates, overlaps, clashes). An item with an error is left out of the model but its id stays known,
/// so one typo gives one error rather than a cascade of "unknown trunk" errors.
/// </summary>
internal sealed partial class ModelBuilder
{
    private const string DefaultFqdn = "sbc.lab.example.net";

    private readonly ConfigDiagnostics diagnostics;
    private readonly ValueParser values;
    private readonly string baseDirectory;

    // Every id written, valid or not: references to these are never reported as unknown.
    private readonly HashSet<string> tenantIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> trunkIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> listenerNames = new(StringComparer.Ordinal);

    public ModelBuilder(ConfigDiagnostics diagnostics, string baseDirectory)
    {
        this.diagnostics = diagnostics;
        this.baseDirectory = baseDirectory;
        values = new ValueParser(diagnostics);
    }

    public PalisadeConfigModel? Build(PalisadeConfig config)
    {
        var node = BuildNode(config.Node);
        var dns = BuildDns(config.Dns);
        var tls = BuildTls(config.Tls);
        var listeners = BuildListeners(config);
        var media = BuildMedia(config.Media);
        var tenants = BuildTenants(config.Tenants);
        var trunks = BuildTrunks(config.Trunks, tenants, listeners);
        var numbers = BuildNumbers(config.Numbers, tenants);
        var routes = BuildRoutes(config.Routes, tenants, trunks);

        if (diagnostics.Count > 0)
        {
            return null;
        }

        return new PalisadeConfigModel
        {
            Source = diagnostics.File,
            Node = node,
            Dns = dns,
            Tls = tls!,
            Listeners = [.. listeners.Values.OrderBy(l => l.Index).Select(l => l.Model)],
            Media = media!,
            Tenants = [.. tenants.Values],
            Trunks = [.. trunks.Values],
            Numbers = numbers,
            Routes = routes,
            TenantsById = tenants.ToFrozenDictionary(StringComparer.Ordinal),
            TrunksById = trunks.ToFrozenDictionary(StringComparer.Ordinal),
            ListenersByName = listeners.ToFrozenDictionary(p => p.Key, p => p.Value.Model, StringComparer.Ordinal),
            RoutesById = routes.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal),
        };
    }

    /// <summary>"unknown trunk 'x' …; did you mean 'y'?" unless the id was written (and is broken in its own right).</summary>
    private bool IsUnknown(ConfigScalar reference, HashSet<string> known, string what, string context)
    {
        if (known.Contains(reference.Value))
        {
            return false;
        }

        diagnostics.Add(reference, $"{context} refers to unknown {what} '{reference.Value}'{KeySuggester.Hint(reference.Value, known)}");
        return true;
    }

    /// <summary>Records an id; reports it when already used. Returns false for a duplicate.</summary>
    private bool Register(ConfigScalar id, Dictionary<string, int> seen, string what)
    {
        if (seen.TryGetValue(id.Value, out var line))
        {
            diagnostics.Add(id, $"duplicate {what} id '{id.Value}'; it is already used on line {line}");
            return false;
        }

        seen.Add(id.Value, id.Position.Line);
        return true;
    }

    private NodeModel BuildNode(NodeConfig? config)
    {
        const string Context = "the node section";
        var fqdn = config?.Fqdn is { } f ? values.HostName(f, "FQDN", Context, requireDot: true) : DefaultFqdn;
        var name = config?.Name is { } n ? values.Id(n, "node name", Context) : "palisade";
        var data = config?.Data?.Value ?? "./data";
        if (data.Trim().Length == 0)
        {
            values.Bad(config!.Data!, "data directory", Context, "give a folder path such as ./data");
        }

        var maxDuration = config?.MaxCallDuration is { } md ? CallDuration(md, Context) : null;
        return new NodeModel { Name = name ?? "", Fqdn = fqdn ?? "", DataDirectory = data, MaxCallDuration = maxDuration };
    }

    /// <summary><c>max-call-duration</c>: a stuck call (a lost BYE) ends after it; one week at most.</summary>
    private TimeSpan? CallDuration(ConfigScalar value, string context) =>
        values.Duration(value, "max-call-duration", context, TimeSpan.FromSeconds(10), TimeSpan.FromHours(168));

    private DnsModel BuildDns(DnsConfig? config)
    {
        if (config is null)
        {
            return DnsModel.Empty;
        }

        var table = new Dictionary<string, IPAddress>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, address) in config.Static)
        {
            var name = values.HostName(host, "host name", "dns.static", requireDot: false);
            var ip = values.Ip(address, $"dns.static entry '{host.Value}'");
            if (name is not null && ip is not null)
            {
                table[name] = ip;
            }
        }

        return new DnsModel { Static = table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase) };
    }

    private MediaModel? BuildMedia(MediaConfig? config)
    {
        const string Context = "the media section";
        var address = config?.Address is { } a ? values.Ip(a, Context) : IPAddress.Loopback;
        (int Min, int Max)? ports = config?.Ports is { } p ? PortRange(p, Context) : (40000, 40999);
        return address is null || ports is null
            ? null
            : new MediaModel { Address = address, PortMin = ports.Value.Min, PortMax = ports.Value.Max };
    }

    /// <summary>"40000-40999": RTP takes the even port and RTCP the odd one above it, so the pool must be whole pairs.</summary>
    private (int Min, int Max)? PortRange(ConfigScalar value, string context)
    {
        const string Noun = "media port range";
        var parts = value.Value.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max))
        {
            values.Bad(value, Noun, context, "expected FIRST-LAST, such as 40000-40999");
            return null;
        }

        if (min is < 1024 or > 65535 || max is < 1024 or > 65535)
        {
            values.Bad(value, Noun, context, "ports must be 1024 to 65535");
            return null;
        }

        if (min > max)
        {
            values.Bad(value, Noun, context, $"it is inverted; write the lower port first ({max}-{min})");
            return null;
        }

        var count = max - min + 1;
        if (min % 2 != 0 || count % 2 != 0)
        {
            values.Bad(value, Noun, context,
                $"it holds {count} ports starting on an {(min % 2 == 0 ? "even" : "odd")} port; RTP uses an even port and RTCP the next odd one, "
                + "so the range must start on an even port and end on an odd one (such as 40000-40999)");
            return null;
        }

        return (min, max);
    }

    private Dictionary<string, TenantModel> BuildTenants(ImmutableArray<TenantConfig> configs)
    {
        var tenants = new Dictionary<string, TenantModel>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fqdns = new Dictionary<string, (string Tenant, int Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var config in configs)
        {
            if (config.Id is null)
            {
                continue;
            }

            var before = diagnostics.Count;
            var context = $"tenant '{config.Id.Value}'";
            tenantIds.Add(config.Id.Value);
            var id = values.Id(config.Id, "tenant id", context);
            var unique = id is not null && Register(config.Id, seen, "tenant");

            string? fqdn = null;
            if (config.TeamsFqdn is not null && (fqdn = values.HostName(config.TeamsFqdn, "Teams FQDN", context, requireDot: true)) is not null)
            {
                // Teams tells tenants apart by this name (the Contact host): two tenants cannot share it.
                if (fqdns.TryGetValue(fqdn, out var other))
                {
                    diagnostics.Add(config.TeamsFqdn, $"{context} uses Teams FQDN '{fqdn}', which tenant '{other.Tenant}' already uses (line {other.Line})");
                }
                else
                {
                    fqdns.Add(fqdn, (config.Id.Value, config.TeamsFqdn.Position.Line));
                }
            }

            var maxCalls = config.MaxCalls is { } mc ? values.Int(mc, "max-calls", context, 0, 1_000_000) : null;
            var maxCps = config.MaxCps is { } cps ? values.Int(cps, "max-cps", context, 0, 100_000) : null;
            var enabled = config.Enabled is { } e ? values.Bool(e, "enabled", context) : true;
            var maxDuration = config.MaxCallDuration is { } md ? CallDuration(md, context) : null;
            if (diagnostics.Count > before || !unique)
            {
                continue;
            }

            tenants.Add(id!, new TenantModel
            {
                Id = id!,
                Name = config.Name?.Value ?? id!,
                TeamsFqdn = fqdn,
                MaxCalls = maxCalls,
                MaxCallsPerSecond = maxCps,
                Enabled = enabled ?? true,
                MaxCallDuration = maxDuration,
            });
        }

        return tenants;
    }
}
