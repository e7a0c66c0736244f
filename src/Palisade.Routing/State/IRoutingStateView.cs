using Palisade.Routing.Model;

namespace Palisade.Routing.State;

/// <summary>
/// What routing reads of the runtime state: health and load of trunks and tenants. <see cref="RoutingState"/> is
/// the real one; tests pass a fake. Reading never changes anything (taking a call is <see cref="TrunkState.TryAcquire(TrunkModel)"/>).
/// </summary>
public interface IRoutingStateView
{
    /// <summary>False while the trunk is down (every endpoint failing its probe) or held back by a 503 Retry-After.</summary>
    bool IsUp(TrunkModel trunk);

    /// <summary>False when the trunk is at its <see cref="TrunkModel.MaxCalls"/> or at its <see cref="TrunkModel.MaxCallsPerSecond"/> this second.</summary>
    bool HasCapacity(TrunkModel trunk);

    int ActiveCalls(TrunkModel trunk);

    int ActiveCalls(TenantModel tenant);
}
