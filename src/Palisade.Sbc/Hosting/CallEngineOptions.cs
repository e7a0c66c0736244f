namespace Palisade.Sbc.Hosting;

/// <summary>Settings of the call engine that do not come from the routing snapshot.</summary>
public sealed record CallEngineOptions
{
    /// <summary>User-Agent / Server value Palisade presents on every leg (never the other side's, RFC 3261 §20.35 leaks software versions).</summary>
    public string Product { get; init; } = "Palisade";

    /// <summary>RFC 3261 T1: the 2xx retransmission start interval (§13.3.1.4).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>RFC 3261 T2: the cap of the 2xx retransmission interval.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Number of redirects (3xx) followed per call before the last answer is passed back.</summary>
    public int MaxRedirects { get; init; } = 3;
}
