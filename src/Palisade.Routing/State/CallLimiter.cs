namespace Palisade.Routing.State;

/// <summary>
/// Concurrent calls and calls started in the current one-second window, lock-free. The window is a fixed second
/// of the injected clock, packed with its count into one <see cref="long"/> so a check-and-increment is one CAS.
/// (A fixed window can let up to twice the limit through around a second boundary; for flood and fraud limits
/// that is fine, and it needs no per-call timer or allocation.)
/// </summary>
internal sealed class CallLimiter(TimeProvider time)
{
    private const int CountBits = 24;
    private const long CountMask = (1L << CountBits) - 1;

    private int active;
    private long window;

    public int Active => Volatile.Read(ref active);

    /// <summary>Calls started in the current second.</summary>
    public int ThisSecond
    {
        get
        {
            var current = Volatile.Read(ref window);
            return current >> CountBits == Second() ? (int)(current & CountMask) : 0;
        }
    }

    public bool HasCapacity(int? maxCalls, int? maxPerSecond) =>
        (maxCalls is not { } max || Active < max) && (maxPerSecond is not { } rate || ThisSecond < rate);

    /// <summary>Takes a call slot and a start in this second, or nothing and says which limit was hit.</summary>
    public LimitHit TryAcquire(int? maxCalls, int? maxPerSecond)
    {
        if (maxCalls is { } max)
        {
            while (true)
            {
                var current = Volatile.Read(ref active);
                if (current >= max)
                {
                    return LimitHit.Calls;
                }

                if (Interlocked.CompareExchange(ref active, current + 1, current) == current)
                {
                    break;
                }
            }
        }
        else
        {
            Interlocked.Increment(ref active);
        }

        if (!TryStart(maxPerSecond ?? int.MaxValue))
        {
            Release();
            return LimitHit.Rate;
        }

        return LimitHit.None;
    }

    /// <summary>Ends a call; never goes below zero, so a double release after a reload cannot open a limit.</summary>
    public void Release()
    {
        while (true)
        {
            var current = Volatile.Read(ref active);
            if (current <= 0 || Interlocked.CompareExchange(ref active, current - 1, current) == current)
            {
                return;
            }
        }
    }

    private bool TryStart(int limit)
    {
        var second = Second();
        while (true)
        {
            var current = Volatile.Read(ref window);
            var count = current >> CountBits == second ? current & CountMask : 0;
            if (count >= limit)
            {
                return false;
            }

            // Counting stops at the field's size; only the unlimited case can get there.
            var next = (second << CountBits) | Math.Min(count + 1, CountMask);
            if (Interlocked.CompareExchange(ref window, next, current) == current)
            {
                return true;
            }
        }
    }

    private long Second() => time.GetTimestamp() / time.TimestampFrequency;
}
