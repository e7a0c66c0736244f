using System.Collections.Immutable;
using System.Net;

namespace Palisade.Routing.Model;

/// <summary>A SIP peer: Teams, ACS, a carrier or a PBX.</summary>
public sealed record TrunkModel
{
    public required string Id { get; init; }

    public required TrunkKind Kind { get; init; }

    /// <summary>Owning tenant; null = shared by all tenants.</summary>
    public TenantModel? Tenant { get; init; }

    /// <summary>Listener the trunk sends from and is expected on; null = any listener of the endpoint's transport.</summary>
    public ListenerModel? Listener { get; init; }

    /// <summary>In the order written.</summary>
    public required ImmutableArray<EndpointModel> Endpoints { get; init; }

    /// <summary>Source networks requests from this trunk may come from; empty = any source.</summary>
    public required ImmutableArray<IPNetwork> AllowFrom { get; init; }

    public required ProbeModel Probe { get; init; }

    public required TrunkMediaModel Media { get; init; }

    /// <summary>Final responses on which the next target is tried.</summary>
    public required ImmutableArray<int> FailoverCodes { get; init; }

    /// <summary>Null when the trunk has no rate deck (such a trunk cannot be a least-cost target).</summary>
    public RateDeckModel? Rates { get; init; }
}
