using System.Collections.Concurrent;
using Palisade.Routing.Model;

namespace Palisade.Routing.State;

/// <summary>
/// Runtime state of a node: one <see cref="TrunkState"/> and <see cref="TenantState"/> per id, created on first
/// use and kept across config reloads (calls in progress keep counting against the new limits). Thread-safe.
/// Reading a trunk or tenant that has no state yet creates nothing: it is up and idle.
/// </summary>
public sealed class RoutingState : IRoutingStateView
{
    private readonly ConcurrentDictionary<string, TrunkState> trunks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TenantState> tenants = new(StringComparer.Ordinal);

    /// <param name="time">Clock for calls-per-second windows and Retry-After holds; <see cref="TimeProvider.System"/> when null.</param>
    public RoutingState(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
    }

    public TimeProvider Time { get; }

    public TrunkState GetTrunk(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return trunks.GetOrAdd(id, static (key, clock) => new TrunkState(key, clock), Time);
    }

    public TenantState GetTenant(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return tenants.GetOrAdd(id, static (key, clock) => new TenantState(key, clock), Time);
    }

    public bool IsUp(TrunkModel trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        return !trunks.TryGetValue(trunk.Id, out var state) || state.IsUsable(trunk);
    }

    public bool HasCapacity(TrunkModel trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        return trunks.TryGetValue(trunk.Id, out var state)
            ? state.HasCapacity(trunk)
            : trunk.MaxCalls != 0 && trunk.MaxCallsPerSecond != 0;
    }

    public int ActiveCalls(TrunkModel trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        return trunks.TryGetValue(trunk.Id, out var state) ? state.ActiveCalls : 0;
    }

    public int ActiveCalls(TenantModel tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenants.TryGetValue(tenant.Id, out var state) ? state.ActiveCalls : 0;
    }
}
