namespace Palisade.Sip.Timers;

/// <summary>
/// A scheduled timer, returned by <see cref="TimerWheel.Schedule(TimeSpan, ITimerTarget, int)"/>. A value type: keep
/// it in a field and call <see cref="Cancel"/>; cancelling a timer that already fired or was cancelled does nothing.
/// The default value is "no timer".
/// </summary>
public readonly struct TimerHandle : IEquatable<TimerHandle>
{
    private readonly TimerNode? _node;
    private readonly int _generation;

    internal TimerHandle(TimerNode node, int generation)
    {
        _node = node;
        _generation = generation;
    }

    /// <summary>True while the timer waits in the wheel (false once it fired or was cancelled).</summary>
    public bool IsScheduled => _node is not null && _node.Wheel.IsScheduled(_node, _generation);

    /// <summary>Unschedules the timer in O(1). True when it was still waiting; false when it fired or was cancelled.</summary>
    public bool Cancel() => _node is not null && _node.Wheel.Cancel(_node, _generation);

    public bool Equals(TimerHandle other) => ReferenceEquals(_node, other._node) && _generation == other._generation;

    public override bool Equals(object? obj) => obj is TimerHandle other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_node, _generation);

    public static bool operator ==(TimerHandle left, TimerHandle right) => left.Equals(right);

    public static bool operator !=(TimerHandle left, TimerHandle right) => !left.Equals(right);
}
