namespace Palisade.Routing.Config;

internal sealed record NodeConfig(ConfigScalar? Name, ConfigScalar? Fqdn, ConfigScalar? Data, ConfigScalar? MaxCallDuration, SourcePosition Position);
