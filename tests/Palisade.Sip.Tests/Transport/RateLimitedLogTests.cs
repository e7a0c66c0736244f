using Palisade.Testing;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>Malformed input from the internet is logged at a bounded rate, with the number of suppressed lines.</summary>
public sealed class RateLimitedLogTests
{
    [Fact]
    public void Logs_once_per_interval_and_reports_what_was_suppressed()
    {
        var clock = new FakeClock();
        var logger = new RecordingLogger();
        var log = new RateLimitedLog(logger, clock, TimeSpan.FromSeconds(5));

        log.Warn("Malformed SIP message", "UDP:192.0.2.1:5060", "first");
        log.Warn("Malformed SIP message", "UDP:192.0.2.1:5060", "second");
        log.Warn("Malformed SIP message", "UDP:192.0.2.1:5060", "third");
        clock.Advance(TimeSpan.FromSeconds(4));
        log.Warn("Malformed SIP message", "UDP:192.0.2.1:5060", "fourth");
        Assert.Single(logger.Lines);

        clock.Advance(TimeSpan.FromSeconds(2));
        log.Warn("Malformed SIP message", new SipDestination(SipTransportKind.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5060)), "fifth");

        Assert.Equal(2, logger.Lines.Count);
        Assert.True(logger.Contains("first (0 similar suppressed)"));
        Assert.True(logger.Contains("from UDP:127.0.0.1:5060: fifth (3 similar suppressed)"));
    }
}
