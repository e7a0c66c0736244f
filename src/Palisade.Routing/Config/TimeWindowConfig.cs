using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary><c>routes[].time</c>: <c>{ days, from, to, zone }</c>; <see cref="Days"/> is default when absent.</summary>
internal sealed record TimeWindowConfig(
    ImmutableArray<ConfigScalar> Days,
    ConfigScalar? From,
    ConfigScalar? To,
    ConfigScalar? Zone,
    SourcePosition Position);
