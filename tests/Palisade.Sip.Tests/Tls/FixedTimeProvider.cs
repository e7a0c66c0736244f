namespace Palisade.Sip.Tests.Tls;

/// <summary>A clock frozen at a chosen instant, to test expiry without waiting.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
