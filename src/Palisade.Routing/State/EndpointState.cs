namespace Palisade.Routing.State;

/// <summary>Health of one endpoint of a trunk (by its index in <see cref="Model.TrunkModel.Endpoints"/>), set by the OPTIONS prober.</summary>
public sealed class EndpointState
{
    private readonly Health health;

    internal EndpointState(int index, TimeProvider time)
    {
        Index = index;
        health = new Health(time);
    }

    public int Index { get; }

    /// <summary>Up unless marked down (and a timed hold has not yet passed).</summary>
    public bool IsUp => health.IsUp(probed: true);

    public void MarkUp() => health.MarkUp();

    /// <summary>Down until <see cref="MarkUp"/>; or, with <paramref name="until"/> (a 503 Retry-After), for that long and then up again by itself.</summary>
    public void MarkDown(TimeSpan? until = null) => health.MarkDown(until);

    internal bool IsUsable(bool probed) => health.IsUp(probed);
}
