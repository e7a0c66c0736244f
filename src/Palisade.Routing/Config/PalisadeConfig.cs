using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary>The whole file as written. A null section or a default array means the section is absent (defaults apply).</summary>
internal sealed record PalisadeConfig
{
    public NodeConfig? Node { get; init; }

    public DnsConfig? Dns { get; init; }

    public TlsConfig? Tls { get; init; }

    /// <summary>Default = absent (the default listeners apply); empty = written as an empty list.</summary>
    public ImmutableArray<ListenerConfig> Listeners { get; init; }

    public SourcePosition ListenersPosition { get; init; }

    public MediaConfig? Media { get; init; }

    public ImmutableArray<TenantConfig> Tenants { get; init; } = [];

    public ImmutableArray<TrunkConfig> Trunks { get; init; } = [];

    public ImmutableArray<NumberConfig> Numbers { get; init; } = [];

    public ImmutableArray<RouteConfig> Routes { get; init; } = [];
}
