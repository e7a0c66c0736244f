namespace Palisade.Routing.Config;

/// <summary><c>trunks[].identity</c>: <c>{ pai, privacy }</c>.</summary>
internal sealed record IdentityConfig(ConfigScalar? Pai, ConfigScalar? Privacy, SourcePosition Position);
