using Palisade.Routing.Model;
using Palisade.Routing.State;

namespace Palisade.Routing.Tests.Engine;

/// <summary>A state view set up by hand: which trunks are down, how many calls trunks and tenants carry.</summary>
internal sealed class FakeState : IRoutingStateView
{
    public static FakeState AllUp => new();

    public HashSet<string> Down { get; } = new(StringComparer.Ordinal);

    /// <summary>Trunks at their calls-per-second limit this second.</summary>
    public HashSet<string> RateFull { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> TrunkCalls { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> TenantCalls { get; } = new(StringComparer.Ordinal);

    public bool IsUp(TrunkModel trunk) => !Down.Contains(trunk.Id);

    public bool HasCapacity(TrunkModel trunk) =>
        !(trunk.MaxCalls is { } max && ActiveCalls(trunk) >= max) && !RateFull.Contains(trunk.Id);

    public int ActiveCalls(TrunkModel trunk) => TrunkCalls.GetValueOrDefault(trunk.Id);

    public int ActiveCalls(TenantModel tenant) => TenantCalls.GetValueOrDefault(tenant.Id);
}
