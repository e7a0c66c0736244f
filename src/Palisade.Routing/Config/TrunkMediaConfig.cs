using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary><c>trunks[].media</c>; <see cref="Codecs"/> is default when absent.</summary>
internal sealed record TrunkMediaConfig(ConfigScalar? Srtp, ImmutableArray<ConfigScalar> Codecs, SourcePosition Position);
