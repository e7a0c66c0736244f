using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Palisade.Sip.Timers;

/// <summary>
/// A hashed timing wheel (Varghese and Lauck) for every SIP timer (RFC 3261 §17 A–K, RFC 6026 L/M), session timers
/// and media timeouts. Time comes from an injected <see cref="TimeProvider"/> and ONE <see cref="ITimer"/> from it
/// drives the wheel, so tests advance a fake clock and every timer fires deterministically without sleeping.
/// </summary>
/// <remarks>
/// <para>
/// Resolution trade-off: a timer fires on the first tick at or after its due time, never early, and at most one tick
/// (<see cref="DefaultTick"/> = 10 ms) plus the platform timer's jitter late. SIP's shortest timer is T1 = 500 ms, so
/// 10 ms is 2 % of the smallest interval; a finer tick would buy nothing and cost wake-ups, a coarser one would make
/// retransmissions visibly irregular. The slot count (<see cref="DefaultSlots"/> = 4096, one revolution = 40.96 s)
/// covers 64*T1 = 32 s in one revolution; longer timers (session timers, minutes) stay in their slot and are skipped
/// on each pass until their absolute due tick comes ("overflow rounds"), which costs one comparison per revolution.
/// </para>
/// <para>
/// Cost: schedule and cancel are O(1) under one short lock; nodes are pooled, so neither scheduling nor a tick
/// allocates. Callbacks run after the lock is released, on the tick thread; they must not block. The driving timer
/// is stopped while the wheel is empty so an idle process does not wake up 100 times a second.
/// </para>
/// </remarks>
public sealed class TimerWheel : IDisposable
{
    public static readonly TimeSpan DefaultTick = TimeSpan.FromMilliseconds(10);
    public const int DefaultSlots = 4096;

    /// <summary>Free nodes kept for reuse; beyond this a burst's nodes are left to the GC.</summary>
    private const int MaxPooledNodes = 1 << 16;

    private static readonly Action<ILogger, Exception?> LogCallbackFailure =
        LoggerMessage.Define(LogLevel.Error, new EventId(1, "TimerCallbackFailed"), "A timer callback threw; the wheel keeps running");

    private readonly TimeProvider _time;
    private readonly long _tickTicks;
    private readonly long _start;
    private readonly TimerNode[] _slots;
    private readonly int _mask;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private readonly ILogger _logger;
    private readonly List<TimerNode> _due = new(64);
    private long _processedTick;
    private int _count;
    private TimerNode? _free;
    private int _freeCount;
    private int _ticking;
    private bool _running;
    private bool _disposed;
    private long _callbackErrors;

    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> in production, a fake one in tests.</param>
    /// <param name="tick">The resolution (default 10 ms).</param>
    /// <param name="slots">Slots per revolution, rounded up to a power of two (default 4096).</param>
    /// <param name="logger">Where callback failures are reported.</param>
    public TimerWheel(TimeProvider timeProvider, TimeSpan? tick = null, int slots = DefaultSlots, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeSpan t = tick ?? DefaultTick;
        ArgumentOutOfRangeException.ThrowIfLessThan(t, TimeSpan.FromMilliseconds(1), nameof(tick));
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots, 1 << 20);
        _time = timeProvider;
        Tick = t;
        _tickTicks = t.Ticks;
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots);
        _slots = new TimerNode[size];
        for (int i = 0; i < size; i++)
            _slots[i] = TimerNode.Sentinel(this);
        _mask = size - 1;
        _logger = logger ?? NullLogger.Instance;
        _start = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static s => ((TimerWheel)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeProvider TimeProvider => _time;

    public TimeSpan Tick { get; }

    public int SlotCount => _slots.Length;

    /// <summary>Timers waiting in the wheel.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Callbacks that threw (each was logged; the wheel kept going).</summary>
    public long CallbackErrors => Interlocked.Read(ref _callbackErrors);

    /// <summary>Schedules <paramref name="target"/>.OnTimer(<paramref name="tag"/>) after <paramref name="delay"/>.</summary>
    public TimerHandle Schedule(TimeSpan delay, ITimerTarget target, int tag)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Add(delay, target, tag, null, null);
    }

    /// <summary>Schedules <paramref name="callback"/>(<paramref name="state"/>); pass a static lambda to avoid a closure.</summary>
    public TimerHandle Schedule(TimeSpan delay, Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Add(delay, null, 0, callback, state);
    }

    private TimerHandle Add(TimeSpan delay, ITimerTarget? target, int tag, Action<object?>? callback, object? state)
    {
        if (delay < TimeSpan.Zero)
            delay = TimeSpan.Zero;
        long elapsed = _time.GetElapsedTime(_start).Ticks;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_running)
            {
                // The wheel was empty: nothing is owed for the idle time, so start counting from now and align the
                // driving timer to the next tick boundary.
                _processedTick = Math.Max(_processedTick, elapsed / _tickTicks);
                long toBoundary = ((_processedTick + 1) * _tickTicks) - elapsed;
                _timer.Change(TimeSpan.FromTicks(Math.Max(1, toBoundary)), Tick);
                _running = true;
            }
            // Round up: a timer never fires before its delay has fully elapsed.
            long due = CeilDiv(elapsed + delay.Ticks, _tickTicks);
            if (due <= _processedTick)
                due = _processedTick + 1;

            TimerNode node = RentNode();
            node.DueTick = due;
            node.Target = target;
            node.Tag = tag;
            node.Callback = callback;
            node.State = state;
            TimerNode head = _slots[(int)(due & _mask)];
            // Append at the tail so timers due on the same tick fire in the order they were scheduled.
            node.Next = head;
            node.Prev = head.Prev;
            head.Prev!.Next = node;
            head.Prev = node;
            node.Linked = true;
            _count++;
            return new TimerHandle(node, node.Generation);
        }
    }

    internal bool Cancel(TimerNode node, int generation)
    {
        lock (_lock)
        {
            if (node.Generation != generation || !node.Linked)
                return false;
            Unlink(node);
            ReturnNode(node);
            return true;
        }
    }

    internal bool IsScheduled(TimerNode node, int generation)
    {
        lock (_lock)
            return node.Generation == generation && node.Linked;
    }

    private void OnTick()
    {
        // A slow callback can make the platform timer fire again before this tick ends; the later tick finds the
        // flag set and returns, and the running one (or the next) catches up because ticks are computed from time.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
            return;
        try
        {
            long now = _time.GetElapsedTime(_start).Ticks / _tickTicks;
            lock (_lock)
            {
                if (_disposed)
                    return;
                if (now - _processedTick >= _slots.Length)
                {
                    // Behind by a whole revolution or more (a stalled process): one pass over every slot.
                    for (int s = 0; s < _slots.Length; s++)
                        Collect(_slots[s], now);
                }
                else
                {
                    for (long t = _processedTick + 1; t <= now; t++)
                        Collect(_slots[(int)(t & _mask)], t);
                }
                if (now > _processedTick)
                    _processedTick = now;
                if (_count == 0 && _running)
                {
                    _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    _running = false;
                }
            }

            List<TimerNode> due = _due;
            for (int i = 0; i < due.Count; i++)
                Invoke(due[i]);

            lock (_lock)
            {
                for (int i = 0; i < due.Count; i++)
                    ReturnNode(due[i]);
            }
            due.Clear();
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    /// <summary>Moves the slot's nodes due by <paramref name="tick"/> to the due list; later rounds stay.</summary>
    private void Collect(TimerNode head, long tick)
    {
        TimerNode node = head.Next!;
        while (!ReferenceEquals(node, head))
        {
            TimerNode next = node.Next!;
            if (node.DueTick <= tick)
            {
                Unlink(node);
                _due.Add(node);
            }
            node = next;
        }
    }

    private void Invoke(TimerNode node)
    {
        try
        {
            if (node.Target is { } target)
                target.OnTimer(node.Tag);
            else
                node.Callback?.Invoke(node.State);
        }
#pragma warning disable CA1031 // One faulty owner must not stop every other timer in the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _callbackErrors);
            LogCallbackFailure(_logger, ex);
        }
    }

    /// <summary>Takes the node out of its slot; bumping the generation invalidates every handle to it.</summary>
    private void Unlink(TimerNode node)
    {
        node.Prev!.Next = node.Next;
        node.Next!.Prev = node.Prev;
        node.Prev = null;
        node.Next = null;
        node.Linked = false;
        node.Generation++;
        _count--;
    }

    private TimerNode RentNode()
    {
        TimerNode? node = _free;
        if (node is null)
            return new TimerNode(this);
        _free = node.Next;
        node.Next = null;
        _freeCount--;
        return node;
    }

    private void ReturnNode(TimerNode node)
    {
        node.Target = null;
        node.Callback = null;
        node.State = null;
        if (_freeCount >= MaxPooledNodes)
            return;
        node.Next = _free;
        _free = node;
        _freeCount++;
    }

    private static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            _running = false;
        }
        _timer.Dispose();
    }
}
