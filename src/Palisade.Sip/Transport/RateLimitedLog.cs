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

    public void Warn(string message, string source, string detail)
    {
        long now = time.GetTimestamp();
        long next = Interlocked.Read(ref _nextAllowed);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowed, now + (long)(interval.TotalSeconds * time.TimestampFrequency), next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        long suppressed = Interlocked.Exchange(ref _suppressed, 0);
        logger.LogWarning("{Message} from {Source}: {Detail} ({Suppressed} similar suppressed)", message, source, detail, suppressed);
    }
}
