namespace Palisade.Routing.Config;

/// <summary><c>trunks[].auth</c> as written.</summary>
internal sealed record TrunkAuthConfig(
    ConfigScalar? Username,
    ConfigScalar? Password,
    ConfigScalar? Realm,
    ConfigScalar? Register,
    ConfigScalar? Expires,
    ConfigScalar? Registrar,
    ConfigScalar? ChallengeInbound,
    SourcePosition Position);
