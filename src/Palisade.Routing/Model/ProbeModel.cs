namespace Palisade.Routing.Model;

/// <summary>SIP OPTIONS health probing of a trunk's endpoints.</summary>
public sealed record ProbeModel
{
    public static ProbeModel Default { get; } = new()
    {
        Enabled = true,
        Interval = TimeSpan.FromSeconds(30),
        Timeout = TimeSpan.FromSeconds(5),
        UpAfter = 1,
        DownAfter = 2,
    };

    public required bool Enabled { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>Consecutive answered probes before a down endpoint is used again.</summary>
    public required int UpAfter { get; init; }

    /// <summary>Consecutive failed probes before an endpoint is marked down (one lost UDP datagram must not flap it).</summary>
    public required int DownAfter { get; init; }
}
