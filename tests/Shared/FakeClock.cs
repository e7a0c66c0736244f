namespace Palisade.Testing;

/// <summary>
/// A manual <see cref="TimeProvider"/>: time moves only in <see cref="Advance"/>, which fires every due timer in due
/// order with the clock set to that timer's due time, so timer tests are exact and never sleep. Single-threaded.
/// </summary>
internal sealed class FakeClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<FakeTimer> _timers = [];
    private long _now;

    public TimeSpan Elapsed => TimeSpan.FromTicks(_now);

    /// <summary>Timers of this clock that are armed (the wheel stops its one timer when idle).</summary>
    public int ArmedTimers
    {
        get
        {
            int n = 0;
            foreach (FakeTimer t in _timers)
            {
                if (t.Due >= 0)
                    n++;
            }
            return n;
        }
    }

    public int CreatedTimers => _timers.Count;

    public override DateTimeOffset GetUtcNow() => Epoch + Elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target = _now + by.Ticks;
        while (true)
        {
            FakeTimer? next = null;
            foreach (FakeTimer t in _timers)
            {
                if (t.Due >= 0 && t.Due <= target && (next is null || t.Due < next.Due))
                    next = t;
            }
            if (next is null)
                break;
            _now = Math.Max(_now, next.Due);
            next.Due = next.Period > 0 ? next.Due + next.Period : -1;
            next.Callback(next.State);
        }
        _now = target;
    }

    /// <summary>
    /// Moves time on as a stalled process sees it: each armed timer that became due fires once, late, instead of
    /// once per missed period.
    /// </summary>
    public void Stall(TimeSpan by)
    {
        _now += by.Ticks;
        foreach (FakeTimer t in _timers.ToArray())
        {
            if (t.Due < 0 || t.Due > _now)
                continue;
            t.Due = t.Period > 0 ? _now + t.Period : -1;
            t.Callback(t.State);
        }
    }

    public void AdvanceTo(TimeSpan at) => Advance(at - Elapsed);

    public void AdvanceMs(double milliseconds) => Advance(TimeSpan.FromMilliseconds(milliseconds));

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;
        public object? State { get; } = state;
        public long Due { get; set; } = -1;
        public long Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? -1 : clock._now + dueTime.Ticks;
            Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            return true;
        }

        public void Dispose() => Due = -1;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
