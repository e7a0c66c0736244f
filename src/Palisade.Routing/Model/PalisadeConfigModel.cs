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

    // Lookup indexes are rebuilt whenever the collection they index is set (including through `with`), so they
    // can never disagree with it.
    private readonly ImmutableArray<TenantModel> tenants;
    private readonly ImmutableArray<NumberModel> numbers;
    private readonly FrozenDictionary<string, TenantModel> tenantsByTeamsFqdn = FrozenDictionary<string, TenantModel>.Empty;
    private readonly NumberIndex numberIndex = NumberIndex.Empty;

    /// <summary>What <c>palisade run</c> uses without a config file: loopback listeners, automatic TLS, no tenants or trunks.</summary>
    public static PalisadeConfigModel EmbeddedDefault => EmbeddedDefaultModel.Value;

    /// <summary>The file it was loaded from, as given to the loader.</summary>
    public required string Source { get; init; }

    public required NodeModel Node { get; init; }

    public required DnsModel Dns { get; init; }

    public required TlsModel Tls { get; init; }

    public required ImmutableArray<ListenerModel> Listeners { get; init; }

    public required MediaModel Media { get; init; }

    public required ImmutableArray<TenantModel> Tenants
    {
        get => tenants;
        init
        {
            tenants = value;
            tenantsByTeamsFqdn = IndexTeamsFqdns(value);
        }
    }

    public required ImmutableArray<TrunkModel> Trunks { get; init; }

    /// <summary>In the order written; look numbers up with <see cref="FindNumber"/>.</summary>
    public required ImmutableArray<NumberModel> Numbers
    {
        get => numbers;
        init
        {
            numbers = value;
            numberIndex = NumberIndex.Build(value);
        }
    }

    /// <summary>In evaluation order: by <see cref="RouteModel.Priority"/>, equal priorities in the order written.</summary>
    public required ImmutableArray<RouteModel> Routes { get; init; }

    public required FrozenDictionary<string, TenantModel> TenantsById { get; init; }

    public required FrozenDictionary<string, TrunkModel> TrunksById { get; init; }

    public required FrozenDictionary<string, ListenerModel> ListenersByName { get; init; }

    public required FrozenDictionary<string, RouteModel> RoutesById { get; init; }

    /// <summary>
    /// The inventory entry holding an E.164 number: a single number before a range that also holds it (a single
    /// number names the user of one number of a block). Null when the number is not in the inventory. A hash lookup
    /// and a binary search, whatever the size of the inventory.
    /// </summary>
    public NumberModel? FindNumber(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        return numberIndex.Find(e164);
    }

    /// <summary>The tenant whose Teams FQDN is <paramref name="host"/> (case-insensitive, a trailing dot ignored); null when none.</summary>
    public TenantModel? FindTenantByTeamsFqdn(ReadOnlySpan<char> host)
    {
        host = host.TrimEnd('.');
        return tenantsByTeamsFqdn.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out var tenant) ? tenant : null;
    }

    /// <summary>The call duration limit for a call of <paramref name="tenant"/>: the tenant's own, else the node's; null = unlimited.</summary>
    public TimeSpan? MaxCallDurationFor(TenantModel? tenant) => tenant?.MaxCallDuration ?? Node.MaxCallDuration;

    private static FrozenDictionary<string, TenantModel> IndexTeamsFqdns(ImmutableArray<TenantModel> tenants)
    {
        var table = new Dictionary<string, TenantModel>(StringComparer.OrdinalIgnoreCase);
        if (!tenants.IsDefault)
        {
            foreach (var tenant in tenants)
            {
                if (tenant.TeamsFqdn is { } fqdn)
                {
                    table.TryAdd(fqdn.TrimEnd('.'), tenant);
                }
            }
        }

        return table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
