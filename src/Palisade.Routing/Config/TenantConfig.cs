namespace Palisade.Routing.Config;

internal sealed record TenantConfig(
    ConfigScalar? Id,
    ConfigScalar? Name,
    ConfigScalar? TeamsFqdn,
    ConfigScalar? MaxCalls,
    ConfigScalar? MaxCps,
    ConfigScalar? Enabled,
    ConfigScalar? MaxCallDuration,
    SourcePosition Position);
