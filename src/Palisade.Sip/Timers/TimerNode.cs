namespace Palisade.Sip.Timers;

/// <summary>
/// One scheduled timer: a pooled, intrusive node of a slot's doubly linked list, so that unlinking (cancel or
/// expiry) is O(1). <see cref="Generation"/> changes each time the node leaves the wheel, so a stale
/// <see cref="TimerHandle"/> can never cancel the node's next use. Fields are guarded by the wheel's lock.
/// </summary>
internal sealed class TimerNode(TimerWheel wheel)
{
    public TimerWheel Wheel { get; } = wheel;
    public TimerNode? Prev;
    public TimerNode? Next;
    public long DueTick;
    public int Generation;
    public bool Linked;
    public ITimerTarget? Target;
    public int Tag;
    public Action<object?>? Callback;
    public object? State;

    /// <summary>A sentinel: the head of an empty circular slot list.</summary>
    public static TimerNode Sentinel(TimerWheel wheel)
    {
        var node = new TimerNode(wheel);
        node.Prev = node;
        node.Next = node;
        return node;
    }
}
