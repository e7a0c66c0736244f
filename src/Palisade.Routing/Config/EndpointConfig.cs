namespace Palisade.Routing.Config;

internal sealed record EndpointConfig(
    ConfigScalar? Host,
    ConfigScalar? Port,
    ConfigScalar? Transport,
    ConfigScalar? Priority,
    ConfigScalar? Weight,
    SourcePosition Position);
