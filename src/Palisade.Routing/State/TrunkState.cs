using Palisade.Routing.Model;

namespace Palisade.Routing.State;

/// <summary>
/// Runtime state of one trunk, kept by id across config reloads: health (trunk-wide and per endpoint) and the
/// calls it carries. Limits are read from the model passed in, so a reload changes them at once. Thread-safe
/// and lock-free on every per-call path.
/// </summary>
public sealed class TrunkState
{
    private readonly TimeProvider time;
    private readonly Health health;
    private readonly CallLimiter calls;
    private readonly Lock growing = new();
    private EndpointState[] endpoints = [];

    internal TrunkState(string id, TimeProvider time)
    {
        Id = id;
        this.time = time;
        health = new Health(time);
        calls = new CallLimiter(time);
    }

    public string Id { get; }

    /// <summary>Up when not marked down as a whole and at least one endpoint is up (or none has been probed yet).</summary>
    public bool IsUp => health.IsUp(probed: true) && AnyEndpointUp(null, probed: true);

    public int ActiveCalls => calls.Active;

    /// <summary>Calls started through this trunk in the current second.</summary>
    public int CallsThisSecond => calls.ThisSecond;

    /// <summary>How long a 503 Retry-After hold on the whole trunk still lasts; null when none.</summary>
    public TimeSpan? HeldFor => health.HeldFor();

    /// <summary>The whole trunk is up again (e.g. a probe of the trunk answered).</summary>
    public void MarkUp() => health.MarkUp();

    /// <summary>
    /// The whole trunk is down until <see cref="MarkUp"/>; or, with <paramref name="until"/> (a 503 with
    /// Retry-After), for that long, after which it is up again by itself.
    /// </summary>
    public void MarkDown(TimeSpan? until = null) => health.MarkDown(until);

    /// <summary>Health of endpoint <paramref name="index"/>, created up on first use.</summary>
    public EndpointState GetEndpoint(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var current = Volatile.Read(ref endpoints);
        if (index < current.Length)
        {
            return current[index];
        }

        lock (growing)
        {
            current = endpoints;
            if (index >= current.Length)
            {
                var grown = new EndpointState[index + 1];
                Array.Copy(current, grown, current.Length);
                for (var i = current.Length; i < grown.Length; i++)
                {
                    grown[i] = new EndpointState(i, time);
                }

                Volatile.Write(ref endpoints, grown);
                current = grown;
            }

            return current[index];
        }
    }

    /// <summary>
    /// Whether routing may use this trunk under <paramref name="model"/>: the trunk is not held down and one of the
    /// model's endpoints is up. With the probe disabled nothing marks it up again, so only timed holds (Retry-After)
    /// count.
    /// </summary>
    public bool IsUsable(TrunkModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var probed = model.Probe.Enabled;
        return health.IsUp(probed) && AnyEndpointUp(model.Endpoints.Length, probed);
    }

    /// <summary>Whether endpoint <paramref name="index"/> of <paramref name="model"/> may be used (see <see cref="IsUsable"/>).</summary>
    public bool IsEndpointUsable(TrunkModel model, int index)
    {
        ArgumentNullException.ThrowIfNull(model);
        var current = Volatile.Read(ref endpoints);
        return index >= current.Length || current[index].IsUsable(model.Probe.Enabled);
    }

    public bool HasCapacity(TrunkModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return calls.HasCapacity(model.MaxCalls, model.MaxCallsPerSecond);
    }

    /// <summary>Takes a call slot under the current model's <see cref="TrunkModel.MaxCalls"/> and <see cref="TrunkModel.MaxCallsPerSecond"/>; pair with <see cref="Release"/>.</summary>
    public bool TryAcquire(TrunkModel model) => TryAcquire(model, out _);

    /// <summary>As <see cref="TryAcquire(TrunkModel)"/>, with the reason when refused ("trunk carrier-a at its limit of 50 concurrent calls").</summary>
    public bool TryAcquire(TrunkModel model, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        switch (calls.TryAcquire(model.MaxCalls, model.MaxCallsPerSecond))
        {
            case LimitHit.Calls:
                reason = $"trunk {Id} at its limit of {model.MaxCalls} concurrent calls";
                return false;
            case LimitHit.Rate:
                reason = $"trunk {Id} at its limit of {model.MaxCallsPerSecond} calls per second";
                return false;
            default:
                reason = null;
                return true;
        }
    }

    /// <summary>A call taken with <see cref="TryAcquire(TrunkModel)"/> ended.</summary>
    public void Release() => calls.Release();

    /// <summary>Any of the first <paramref name="count"/> endpoints (null = every one marked so far) up; an endpoint never marked counts as up.</summary>
    private bool AnyEndpointUp(int? count, bool probed)
    {
        var current = Volatile.Read(ref endpoints);
        var n = count ?? current.Length;
        if (n == 0 || current.Length < n)
        {
            return true;
        }

        for (var i = 0; i < n; i++)
        {
            if (current[i].IsUsable(probed))
            {
                return true;
            }
        }

        return false;
    }
}
