using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary>
/// First stage: YAML tree → <c>*Config</c> records. Checks shape only (known keys, mapping vs list vs value,
/// required keys); values stay text with positions and are parsed by <see cref="ModelBuilder"/>.
/// </summary>
internal sealed partial class ConfigReader(ConfigDiagnostics diagnostics)
{
    public PalisadeConfig Read(ConfigNode? root)
    {
        if (root is null || root is ConfigScalar { IsNull: true })
        {
            return new PalisadeConfig();
        }

        if (root is not ConfigMapping mapping)
        {
            diagnostics.Add(root, $"the top level must be a mapping of sections (node:, tls:, listeners:, trunks:, …), but it is {root.KindName}");
            return new PalisadeConfig();
        }

        var r = new MappingReader(mapping, "the top level", diagnostics,
            "node", "dns", "tls", "listeners", "media", "tenants", "trunks", "numbers", "routes");
        var config = new PalisadeConfig
        {
            Node = r.MappingValue("node") is { } node ? ReadNode(node) : null,
            Dns = r.MappingValue("dns") is { } dns ? ReadDns(dns) : null,
            Tls = r.MappingValue("tls") is { } tls ? ReadTls(tls) : null,
            Listeners = r.Sequence("listeners") is { } listeners ? Items(listeners, "listeners", ReadListener) : default,
            ListenersPosition = r.Node("listeners")?.Position ?? r.Position,
            Media = r.MappingValue("media") is { } media ? ReadMedia(media) : null,
            Tenants = r.Sequence("tenants") is { } tenants ? Items(tenants, "tenants", ReadTenant) : [],
            Trunks = r.Sequence("trunks") is { } trunks ? Items(trunks, "trunks", ReadTrunk) : [],
            Numbers = r.Sequence("numbers") is { } numbers ? Items(numbers, "numbers", ReadNumber) : [],
            Routes = r.Sequence("routes") is { } routes ? Items(routes, "routes", ReadRoute) : [],
        };
        r.Finish();
        return config;
    }

    /// <summary>Reads each mapping of a list section; other items are reported and skipped.</summary>
    private ImmutableArray<T> Items<T>(ConfigSequence sequence, string section, Func<ConfigMapping, int, T> read)
    {
        var items = ImmutableArray.CreateBuilder<T>(sequence.Items.Length);
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            if (sequence.Items[i] is ConfigMapping mapping)
            {
                items.Add(read(mapping, i + 1));
            }
            else
            {
                diagnostics.Add(sequence.Items[i], $"entry {i + 1} of '{section}' must be a mapping (key: value pairs), but it is {sequence.Items[i].KindName}");
            }
        }

        return items.ToImmutable();
    }

    /// <summary>Names a list item by its id once known, else by its position in the list.</summary>
    private static string Name(string what, ConfigScalar? id, int index) =>
        id is null ? $"{what} #{index}" : $"{what} '{id.Value}'";

    private NodeConfig ReadNode(ConfigMapping mapping)
    {
        var r = new MappingReader(mapping, "the node section", diagnostics, "name", "fqdn", "data", "max-call-duration");
        var node = new NodeConfig(r.Scalar("name"), r.Scalar("fqdn"), r.Scalar("data"), r.Scalar("max-call-duration"), r.Position);
        r.Finish();
        return node;
    }

    private DnsConfig ReadDns(ConfigMapping mapping)
    {
        var r = new MappingReader(mapping, "the dns section", diagnostics, "static");
        var entries = ImmutableArray<KeyValuePair<ConfigScalar, ConfigScalar>>.Empty;
        if (r.MappingValue("static") is { } table)
        {
            entries = Pairs(table, "dns.static", "host name", "an IP address");
        }

        r.Finish();
        return new DnsConfig(entries, r.Position);
    }

    /// <summary>A mapping used as a table (host → address, prefix → price): keys are data, so duplicates are checked here.</summary>
    private ImmutableArray<KeyValuePair<ConfigScalar, ConfigScalar>> Pairs(ConfigMapping table, string where, string keyWhat, string valueWhat)
    {
        var pairs = ImmutableArray.CreateBuilder<KeyValuePair<ConfigScalar, ConfigScalar>>(table.Entries.Length);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in table.Entries)
        {
            if (keyNode is not ConfigScalar { IsNull: false } key)
            {
                diagnostics.Add(keyNode, $"each key of {where} must be a {keyWhat}, but this one is {keyNode.KindName}");
                continue;
            }

            if (!seen.TryAdd(key.Value, key.Position.Line))
            {
                diagnostics.Add(key, $"duplicate {keyWhat} '{key.Value}' in {where}; it is already set on line {seen[key.Value]}");
                continue;
            }

            if (valueNode is not ConfigScalar { IsNull: false } value)
            {
                diagnostics.Add(valueNode, $"the value of '{key.Value}' in {where} must be {valueWhat}, but it is {valueNode.KindName}");
                continue;
            }

            pairs.Add(new(key, value));
        }

        return pairs.ToImmutable();
    }

    private TlsConfig ReadTls(ConfigMapping mapping)
    {
        var r = new MappingReader(mapping, "the tls section", diagnostics, "certificate", "trust", "min-version", "client-certificates");
        ConfigScalar? mode = null;
        CertificateConfig? certificate = null;
        switch (r.Node("certificate"))
        {
            case ConfigMapping certMapping:
                var c = new MappingReader(certMapping, "tls.certificate", diagnostics, "cert", "key", "pfx", "password");
                certificate = new CertificateConfig(c.Scalar("cert"), c.Scalar("key"), c.Scalar("pfx"), c.Scalar("password"), c.Position);
                c.Finish();
                break;
            case ConfigSequence sequence:
                diagnostics.Add(sequence, "'certificate' in the tls section must be 'auto' or a mapping { cert: FILE, key: FILE } or { pfx: FILE, password: … }, but it is a list");
                break;
            case not null:
                mode = r.Scalar("certificate");
                break;
        }

        var tls = new TlsConfig(mode, certificate, r.Scalar("trust"), r.Scalar("min-version"), r.Scalar("client-certificates"), r.Position);
        r.Finish();
        return tls;
    }

    private ListenerConfig ReadListener(ConfigMapping mapping, int index)
    {
        var r = new MappingReader(mapping, $"listener #{index}", diagnostics, "name", "transport", "address", "port");
        var name = r.RequiredScalar("name");
        r.Context = Name("listener", name, index);
        var listener = new ListenerConfig(
            name,
            r.RequiredScalar("transport", "; expected udp, tcp or tls"),
            r.RequiredScalar("address", "; expected an IP address such as 0.0.0.0"),
            r.RequiredScalar("port"),
            r.Position);
        r.Finish();
        return listener;
    }

    private MediaConfig ReadMedia(ConfigMapping mapping)
    {
        var r = new MappingReader(mapping, "the media section", diagnostics, "address", "ports");
        var media = new MediaConfig(r.Scalar("address"), r.Scalar("ports"), r.Position);
        r.Finish();
        return media;
    }

    private TenantConfig ReadTenant(ConfigMapping mapping, int index)
    {
        var r = new MappingReader(mapping, $"tenant #{index}", diagnostics, "id", "name", "teams-fqdn", "max-calls", "max-cps", "enabled", "max-call-duration");
        var id = r.RequiredScalar("id");
        r.Context = Name("tenant", id, index);
        var tenant = new TenantConfig(id, r.Scalar("name"), r.Scalar("teams-fqdn"), r.Scalar("max-calls"), r.Scalar("max-cps"), r.Scalar("enabled"), r.Scalar("max-call-duration"), r.Position);
        r.Finish();
        return tenant;
    }

    private NumberConfig ReadNumber(ConfigMapping mapping, int index)
    {
        var r = new MappingReader(mapping, $"number entry #{index}", diagnostics, "number", "range", "tenant", "user", "connectivity");
        var number = r.Scalar("number");
        var range = r.Scalar("range");
        r.Context = number is not null ? $"number '{number.Value}'" : range is not null ? $"range '{range.Value}'" : r.Context;
        if (!r.Has("number") && !r.Has("range"))
        {
            diagnostics.Add(r.Position, $"{r.Context} has neither 'number' nor 'range'");
        }
        else if (r.Has("number") && r.Has("range"))
        {
            diagnostics.Add(r.Position, $"{r.Context} has both 'number' and 'range'; write one of them per entry");
        }

        var config = new NumberConfig(number, range, r.RequiredScalar("tenant"), r.Scalar("user"), r.Scalar("connectivity"), r.Position);
        r.Finish();
        return config;
    }
}
