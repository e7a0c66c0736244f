using System.Collections.Immutable;

namespace Palisade.Routing.Config;

internal sealed partial class ConfigReader
{
    private TrunkConfig ReadTrunk(ConfigMapping mapping, int index)
    {
        var r = new MappingReader(mapping, $"trunk #{index}", diagnostics,
            "id", "kind", "tenant", "listener", "endpoints", "allow-from", "probe", "media", "failover-codes", "rates",
            "max-calls", "max-cps", "setup-timeout", "number-rules", "header-rules", "diversion", "identity", "redirect",
            "contact-host", "session-timer", "auth");
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
            AllowFromPosition = r.Node("allow-from")?.Position ?? r.Position,
            Probe = r.MappingValue("probe") is { } probe ? ReadProbe(probe, context) : null,
            Media = r.MappingValue("media") is { } media ? ReadTrunkMedia(media, context) : null,
            FailoverCodes = r.ScalarList("failover-codes"),
            Rates = r.MappingValue("rates") is { } rates ? ReadRates(rates, context) : null,
            MaxCalls = r.Scalar("max-calls"),
            MaxCps = r.Scalar("max-cps"),
            SetupTimeout = r.Scalar("setup-timeout"),
            NumberRules = r.MappingValue("number-rules") is { } numberRules ? ReadNumberRules(numberRules, context) : null,
            HeaderRules = r.MappingValue("header-rules") is { } headerRules ? ReadHeaderRules(headerRules, context) : null,
            Diversion = r.Scalar("diversion"),
            Identity = r.MappingValue("identity") is { } identity ? ReadIdentity(identity, context) : null,
            Redirect = r.Scalar("redirect"),
            ContactHost = r.Scalar("contact-host"),
            SessionTimer = ReadSessionTimer(r, context),
            Auth = r.MappingValue("auth") is { } auth ? ReadAuth(auth, context) : null,
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
        var r = new MappingReader(mapping, $"the rates of {trunk}", diagnostics, "currency", "prefixes", "billing", "connection-fee");
        var prefixes = ImmutableArray<KeyValuePair<ConfigScalar, ConfigScalar>>.Empty;
        if (!r.Has("prefixes"))
        {
            diagnostics.Add(r.Position, $"the rates of {trunk} have no 'prefixes'; expected e.g. {{ \"+1\": 0.0040 }}");
        }
        else if (r.MappingValue("prefixes") is { } table)
        {
            prefixes = Pairs(table, $"the rates of {trunk}", "prefix", "a price per minute");
        }

        var rates = new RatesConfig(
            r.RequiredScalar("currency", "; expected an ISO 4217 code such as USD"),
            prefixes,
            r.Scalar("billing"),
            r.Scalar("connection-fee"),
            r.Position);
        r.Finish();
        return rates;
    }

    private NumberRulesConfig ReadNumberRules(ConfigMapping mapping, string trunk)
    {
        var r = new MappingReader(mapping, $"the number-rules of {trunk}", diagnostics, "in", "out");
        var rules = new NumberRulesConfig(
            r.Sequence("in") is { } inbound ? Items(inbound, "number-rules.in", (m, i) => ReadNumberRule(m, i, "in", trunk)) : [],
            r.Sequence("out") is { } outbound ? Items(outbound, "number-rules.out", (m, i) => ReadNumberRule(m, i, "out", trunk)) : [],
            r.Position);
        r.Finish();
        return rules;
    }

    private NumberRuleConfig ReadNumberRule(ConfigMapping mapping, int index, string direction, string trunk)
    {
        var r = new MappingReader(mapping, $"number rule {direction} #{index} of {trunk}", diagnostics, "match", "replace", "field");
        var rule = new NumberRuleConfig(
            r.RequiredScalar("match", "; give the regex the number must match, such as '^0(\\d+)$'"),
            r.RequiredScalar("replace", "; give the new number, with $1 for the first group, such as '+44$1'"),
            r.Scalar("field"),
            r.Position);
        r.Finish();
        return rule;
    }

    private HeaderRulesConfig ReadHeaderRules(ConfigMapping mapping, string trunk)
    {
        var r = new MappingReader(mapping, $"the header-rules of {trunk}", diagnostics, "in", "out");
        var rules = new HeaderRulesConfig(
            r.Sequence("in") is { } inbound ? Items(inbound, "header-rules.in", (m, i) => ReadHeaderRule(m, i, "in", trunk)) : [],
            r.Sequence("out") is { } outbound ? Items(outbound, "header-rules.out", (m, i) => ReadHeaderRule(m, i, "out", trunk)) : [],
            r.Position);
        r.Finish();
        return rules;
    }

    private HeaderRuleConfig ReadHeaderRule(ConfigMapping mapping, int index, string direction, string trunk)
    {
        var r = new MappingReader(mapping, $"header rule {direction} #{index} of {trunk}", diagnostics, "action", "header", "value", "match", "methods");
        var rule = new HeaderRuleConfig(
            r.RequiredScalar("action", "; expected add, remove, replace or pass"),
            r.RequiredScalar("header", "; name the header, such as X-Customer"),
            r.Scalar("value"),
            r.Scalar("match"),
            r.ScalarList("methods"),
            r.Position);
        r.Finish();
        return rule;
    }

    private IdentityConfig ReadIdentity(ConfigMapping mapping, string trunk)
    {
        var r = new MappingReader(mapping, $"the identity of {trunk}", diagnostics, "pai", "privacy");
        var identity = new IdentityConfig(r.Scalar("pai"), r.Scalar("privacy"), r.Position);
        r.Finish();
        return identity;
    }

    /// <summary><c>session-timer: off</c> or <c>session-timer: { expires, min-se }</c>; null when absent.</summary>
    private SessionTimerConfig? ReadSessionTimer(MappingReader trunk, string context)
    {
        switch (trunk.Node("session-timer"))
        {
            case null:
                return null;
            case ConfigMapping mapping:
                var r = new MappingReader(mapping, $"the session-timer of {context}", diagnostics, "expires", "min-se");
                var timer = new SessionTimerConfig(null, r.Scalar("expires"), r.Scalar("min-se"), r.Position);
                r.Finish();
                return timer;
            case ConfigSequence sequence:
                diagnostics.Add(sequence, $"'session-timer' in {context} must be 'off' or a mapping {{ expires, min-se }}, but it is a list");
                return null;
            default:
                return trunk.Scalar("session-timer") is { } mode ? new SessionTimerConfig(mode, null, null, mode.Position) : null;
        }
    }

    private TrunkAuthConfig ReadAuth(ConfigMapping mapping, string trunk)
    {
        var r = new MappingReader(mapping, $"the auth of {trunk}", diagnostics,
            "username", "password", "realm", "register", "expires", "registrar", "challenge-inbound");
        var auth = new TrunkAuthConfig(
            r.RequiredScalar("username"),
            r.RequiredScalar("password"),
            r.Scalar("realm"),
            r.Scalar("register"),
            r.Scalar("expires"),
            r.Scalar("registrar"),
            r.Scalar("challenge-inbound"),
            r.Position);
        r.Finish();
        return auth;
    }
}
