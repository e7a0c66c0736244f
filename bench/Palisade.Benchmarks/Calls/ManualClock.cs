namespace Palisade.Benchmarks.Calls;

/// <summary>A clock that moves only when told to (timers never fire on their own during a measurement).</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly List<(TimerCallback Callback, object? State, long Due)> _timers = [];
    private long _now;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_now);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = new Timer(this, callback, state);
        t.Change(dueTime, period);
        return t;
    }

    /// <summary>Moves time on by <paramref name="by"/> in steps of <paramref name="step"/>, firing due timers.</summary>
    public void Advance(TimeSpan by, TimeSpan step)
    {
        for (long end = _now + by.Ticks; _now < end;)
        {
            _now = Math.Min(end, _now + step.Ticks);
            foreach (Timer t in _all.ToArray())
                t.FireIfDue(_now);
        }
    }

    private readonly List<Timer> _all = [];

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _due = -1;
        private long _period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _due = dueTime == Timeout.InfiniteTimeSpan ? -1 : clock._now + dueTime.Ticks;
            _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            if (!clock._all.Contains(this))
                clock._all.Add(this);
            return true;
        }

        public void FireIfDue(long now)
        {
            while (_due >= 0 && _due <= now)
            {
                _due = _period > 0 ? _due + _period : -1;
                callback(state);
            }
        }

        public void Dispose() => clock._all.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
