using Palisade.Routing.Model;

namespace Palisade.Routing.State;

/// <summary>Calls of one tenant, kept by id across config reloads; limits come from the model passed in. Lock-free.</summary>
public sealed class TenantState
{
    /// <summary>Retry-After when the tenant is at its concurrent-call limit: calls last minutes, so retrying at once is pointless.</summary>
    public const int RetryAfterCallsSeconds = 30;

    /// <summary>Retry-After when the tenant is at its calls-per-second limit: the next second opens a new window.</summary>
    public const int RetryAfterRateSeconds = 1;

    private readonly CallLimiter calls;

    internal TenantState(string id, TimeProvider time)
    {
        Id = id;
        calls = new CallLimiter(time);
    }

    public string Id { get; }

    public int ActiveCalls => calls.Active;

    /// <summary>Calls of this tenant started in the current second.</summary>
    public int CallsThisSecond => calls.ThisSecond;

    /// <summary>Admits a new call under the model's <see cref="TenantModel.MaxCalls"/> and <see cref="TenantModel.MaxCallsPerSecond"/>; an admitted call must be <see cref="Release"/>d.</summary>
    public AdmitResult TryAdmit(TenantModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return calls.TryAcquire(model.MaxCalls, model.MaxCallsPerSecond) switch
        {
            LimitHit.Calls => AdmitResult.Refused($"tenant {Id} at its limit of {model.MaxCalls} concurrent calls", RetryAfterCallsSeconds),
            LimitHit.Rate => AdmitResult.Refused($"tenant {Id} at its limit of {model.MaxCallsPerSecond} calls per second", RetryAfterRateSeconds),
            _ => AdmitResult.Ok,
        };
    }

    /// <summary>An admitted call ended.</summary>
    public void Release() => calls.Release();
}
