using Microsoft.Extensions.Logging;

namespace Palisade.Sip.Transport;

/// <summary>
/// Logs at most one line per interval for a noisy event (malformed input from the internet) and reports how many
/// were suppressed, so an attack cannot flood the log.
/// </summary>
internal sealed class RateLimitedLog(ILogger logger, TimeProvider time, TimeSpan interval)
{
    private long _nextAllowed;
    private long _suppressed;

    /// <remarks>
    /// Generic in the source so callers on the UDP receive thread pass the endpoint itself: it is turned into text only
    /// when a line is written, not once per malformed datagram of a flood that is mostly suppressed.
    /// </remarks>
    public void Warn<TSource>(string message, TSource source, string detail)
        where TSource : notnull
    {
        long now = time.GetTimestamp();
        long next = Interlocked.Read(ref _nextAllowed);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowed, now + (long)(interval.TotalSeconds * time.TimestampFrequency), next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        long suppressed = Interlocked.Exchange(ref _suppressed, 0);
        logger.LogWarning("{Message} from {Source}: {Detail} ({Suppressed} similar suppressed)", message, source.ToString(), detail, suppressed);
    }
}
