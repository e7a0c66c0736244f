namespace Palisade.Routing.Config;

internal sealed record MediaConfig(ConfigScalar? Address, ConfigScalar? Ports, SourcePosition Position);
