using System.Collections.Immutable;

namespace Palisade.Routing.Config;

internal sealed partial class ConfigReader
{
    private TrunkConfig ReadTrunk(ConfigMapping mapping, int index)
    {
        var r = new MappingReader(mapping, $"trunk #{index}", diagnostics,
            "id", "kind", "tenant", "listener", "endpoints", "allow-from", "probe", "media", "failover-codes", "rates");
        var id = r.RequiredScalar("id");
        r.Context = Name("trunk", id, index);
        var context = r.Context;

        // Default (not empty) when absent or of the wrong type: both are already reported here.
        var endpoints = default(ImmutableArray<EndpointConfig>);
        if (!r.Has("endpoints"))
        {
            diagnostics.Add(r.Position, $"{context} has no 'endpoints'; give at least one {{ host, port, transport }}");
        }
        else if (r.Sequence("endpoints") is { } list)
        {
            endpoints = Items(list, "endpoints", (m, i) => ReadEndpoint(m, i, context));
        }

        var trunk = new TrunkConfig
        {
            Position = r.Position,
            Id = id,
            Kind = r.RequiredScalar("kind", "; expected teams, acs, carrier or pbx"),
            Tenant = r.Scalar("tenant"),
            Listener = r.Scalar("listener"),
            Endpoints = endpoints,
            EndpointsPosition = r.Node("endpoints")?.Position ?? r.Position,
            AllowFrom = r.ScalarList("allow-from"),
            Probe = r.MappingValue("probe") is { } probe ? ReadProbe(probe, context) : null,
            Media = r.MappingValue("media") is { } media ? ReadTrunkMedia(media, context) : null,
            FailoverCodes = r.ScalarList("failover-codes"),
            Rates = r.MappingValue("rates") is { } rates ? ReadRates(rates, context) : null,
        };
        r.Finish();
        return trunk;
    }

    private EndpointConfig ReadEndpoint(ConfigMapping mapping, int index, string trunk)
    {
        var r = new MappingReader(mapping, $"endpoint #{index} of {trunk}", diagnostics, "host", "port", "transport", "priority", "weight");
        var endpoint = new EndpointConfig(r.RequiredScalar("host"), r.Scalar("port"), r.Scalar("transport"), r.Scalar("priority"), r.Scalar("weight"), r.Position);
        r.Finish();
        return endpoint;
    }

    private ProbeConfig ReadProbe(ConfigMapping mapping, string trunk)
    {
        var r = new MappingReader(mapping, $"the probe of {trunk}", diagnostics, "enabled", "interval", "timeout", "up-after", "down-after");
        var probe = new ProbeConfig(r.Scalar("enabled"), r.Scalar("interval"), r.Scalar("timeout"), r.Scalar("up-after"), r.Scalar("down-after"), r.Position);
        r.Finish();
        return probe;
    }

    private TrunkMediaConfig ReadTrunkMedia(ConfigMapping mapping, string trunk)
    {
        var r = new MappingReader(mapping, $"the media of {trunk}", diagnostics, "srtp", "codecs");
        var media = new TrunkMediaConfig(r.Scalar("srtp"), r.ScalarList("codecs"), r.Position);
        r.Finish();
        return media;
    }

    private RatesConfig ReadRates(ConfigMapping mapping, string trunk)
    {
        var r = new MappingReader(mapping, $"the rates of {trunk}", diagnostics, "currency", "prefixes");
        var prefixes = ImmutableArray<KeyValuePair<ConfigScalar, ConfigScalar>>.Empty;
        if (!r.Has("prefixes"))
        {
            diagnostics.Add(r.Position, $"the rates of {trunk} have no 'prefixes'; expected e.g. {{ \"+1\": 0.0040 }}");
        }
        else if (r.MappingValue("prefixes") is { } table)
        {
            prefixes = Pairs(table, $"the rates of {trunk}", "prefix", "a price per minute");
        }

        var rates = new RatesConfig(r.RequiredScalar("currency", "; expected an ISO 4217 code such as USD"), prefixes, r.Position);
        r.Finish();
        return rates;
    }
}
