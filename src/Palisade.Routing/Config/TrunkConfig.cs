using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary>One trunk as written; default arrays mean the key is absent.</summary>
internal sealed record TrunkConfig
{
    public required SourcePosition Position { get; init; }

    public ConfigScalar? Id { get; init; }

    public ConfigScalar? Kind { get; init; }

    public ConfigScalar? Tenant { get; init; }

    public ConfigScalar? Listener { get; init; }

    public ImmutableArray<EndpointConfig> Endpoints { get; init; }

    public SourcePosition EndpointsPosition { get; init; }

    public ImmutableArray<ConfigScalar> AllowFrom { get; init; }

    public SourcePosition AllowFromPosition { get; init; }

    public ProbeConfig? Probe { get; init; }

    public TrunkMediaConfig? Media { get; init; }

    public ImmutableArray<ConfigScalar> FailoverCodes { get; init; }

    public RatesConfig? Rates { get; init; }

    public ConfigScalar? MaxCalls { get; init; }

    public ConfigScalar? MaxCps { get; init; }

    public ConfigScalar? SetupTimeout { get; init; }

    public NumberRulesConfig? NumberRules { get; init; }

    public HeaderRulesConfig? HeaderRules { get; init; }

    public ConfigScalar? Diversion { get; init; }

    public IdentityConfig? Identity { get; init; }

    public ConfigScalar? Redirect { get; init; }

    public ConfigScalar? ContactHost { get; init; }

    public SessionTimerConfig? SessionTimer { get; init; }

    public TrunkAuthConfig? Auth { get; init; }
}
