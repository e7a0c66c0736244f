using System.Collections.Immutable;
using Palisade.Routing.Model;

namespace Palisade.Sbc.Planning;

/// <summary>
/// What the call engine needs from a routing decision: the tenant, the numbers, and the outbound attempts in the order
/// to try them. A narrow seam, so the signalling code does not depend on how routing explains itself.
/// </summary>
internal sealed class CallPlan
{
    public required TrunkModel Source { get; init; }

    public TenantModel? Tenant { get; init; }

    public string? RouteId { get; init; }

    public required string CallingE164 { get; init; }

    public required string CalledE164 { get; init; }

    /// <summary>Usable targets in try order (skipped ones are not here; they are in the routing explanation).</summary>
    public required ImmutableArray<PlannedTarget> Targets { get; init; }

    /// <summary>Last resort after every target failed with a failover condition.</summary>
    public PlannedTarget? ForwardOnFailure { get; init; }
}
