namespace Palisade.Routing.Config;

internal sealed record ListenerConfig(
    ConfigScalar? Name,
    ConfigScalar? Transport,
    ConfigScalar? Address,
    ConfigScalar? Port,
    SourcePosition Position);
