namespace Palisade.Routing.Config;

internal sealed record NumberConfig(
    ConfigScalar? Number,
    ConfigScalar? Range,
    ConfigScalar? Tenant,
    ConfigScalar? User,
    ConfigScalar? Connectivity,
    SourcePosition Position);
