using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary>One route as written; <see cref="From"/> and <see cref="To"/> are default when absent.</summary>
internal sealed record RouteConfig
{
    public required SourcePosition Position { get; init; }

    public ConfigScalar? Id { get; init; }

    public ImmutableArray<ConfigScalar> From { get; init; }

    public ConfigScalar? Tenant { get; init; }

    public ConfigScalar? Called { get; init; }

    public ConfigScalar? Calling { get; init; }

    public ConfigScalar? Select { get; init; }

    public ImmutableArray<RouteTargetConfig> To { get; init; }

    public ForwardOnFailureConfig? ForwardOnFailure { get; init; }

    public ConfigScalar? Priority { get; init; }

    public TimeWindowConfig? Time { get; init; }

    /// <summary>Default when absent (the target trunks' own lists apply).</summary>
    public ImmutableArray<ConfigScalar> FailoverCodes { get; init; }
}
