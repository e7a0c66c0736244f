namespace Palisade.Routing.Config;

/// <summary>A route target: <c>carrier-a</c> or <c>{ trunk: carrier-a, weight: 70 }</c>.</summary>
internal sealed record RouteTargetConfig(ConfigScalar? Trunk, ConfigScalar? Weight, SourcePosition Position);
