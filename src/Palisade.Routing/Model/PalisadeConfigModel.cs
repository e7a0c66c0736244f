using System.Collections.Frozen;
using System.Collections.Immutable;
using Palisade.Routing.Config;

namespace Palisade.Routing.Model;

/// <summary>
/// A whole validated configuration: immutable, with every reference resolved, so it can be swapped in atomically
/// and read by any number of threads without locks.
/// </summary>
public sealed record PalisadeConfigModel
{
    private static readonly Lazy<PalisadeConfigModel> EmbeddedDefaultModel = new(ConfigLoader.LoadEmbeddedDefault);

    /// <summary>What <c>palisade run</c> uses without a config file: loopback listeners, automatic TLS, no tenants or trunks.</summary>
    public static PalisadeConfigModel EmbeddedDefault => EmbeddedDefaultModel.Value;

    /// <summary>The file it was loaded from, as given to the loader.</summary>
    public required string Source { get; init; }

    public required NodeModel Node { get; init; }

    public required DnsModel Dns { get; init; }

    public required TlsModel Tls { get; init; }

    public required ImmutableArray<ListenerModel> Listeners { get; init; }

    public required MediaModel Media { get; init; }

    public required ImmutableArray<TenantModel> Tenants { get; init; }

    public required ImmutableArray<TrunkModel> Trunks { get; init; }

    public required ImmutableArray<NumberModel> Numbers { get; init; }

    /// <summary>In evaluation order.</summary>
    public required ImmutableArray<RouteModel> Routes { get; init; }

    public required FrozenDictionary<string, TenantModel> TenantsById { get; init; }

    public required FrozenDictionary<string, TrunkModel> TrunksById { get; init; }

    public required FrozenDictionary<string, ListenerModel> ListenersByName { get; init; }

    public required FrozenDictionary<string, RouteModel> RoutesById { get; init; }
}
