namespace Palisade.Routing.State;

/// <summary>
/// Up/down of one thing (a trunk or one of its endpoints) as a single word, so readers never take a lock: the
/// <see cref="TimeProvider"/> timestamp until which it is down, <see cref="Indefinitely"/> until marked up again,
/// or <see cref="long.MinValue"/> when up.
/// </summary>
internal sealed class Health(TimeProvider time)
{
    private const long Up = long.MinValue;
    private const long Indefinitely = long.MaxValue;

    private long downUntil = Up;

    public void MarkUp() => Volatile.Write(ref downUntil, Up);

    public void MarkDown(TimeSpan? until)
    {
        if (until is not { } span)
        {
            Volatile.Write(ref downUntil, Indefinitely);
            return;
        }

        var ticks = span <= TimeSpan.Zero ? 0 : (long)(span.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
        Volatile.Write(ref downUntil, time.GetTimestamp() + ticks);
    }

    /// <summary>
    /// Up when never marked down, marked up, or a timed hold has passed. <paramref name="probed"/> false ignores an
    /// open-ended down: without probes nothing would ever mark it up again; a timed hold ends by itself, so it counts.
    /// </summary>
    public bool IsUp(bool probed)
    {
        var until = Volatile.Read(ref downUntil);
        if (until == Up)
        {
            return true;
        }

        if (until == Indefinitely)
        {
            return !probed;
        }

        return time.GetTimestamp() >= until;
    }

    /// <summary>How long a timed hold still lasts; null when up or down until marked up.</summary>
    public TimeSpan? HeldFor()
    {
        var until = Volatile.Read(ref downUntil);
        if (until is Up or Indefinitely)
        {
            return null;
        }

        var left = until - time.GetTimestamp();
        return left <= 0 ? null : TimeSpan.FromTicks((long)(left * (double)TimeSpan.TicksPerSecond / time.TimestampFrequency));
    }
}
