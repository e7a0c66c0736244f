namespace Palisade.Routing.Model;

/// <summary>One address of a trunk; lower <see cref="Priority"/> is tried first, <see cref="Weight"/> spreads load within a priority.</summary>
public sealed record EndpointModel
{
    /// <summary>IP address literal or host name (resolved through <see cref="DnsModel"/> then DNS).</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required SipTransport Transport { get; init; }

    public required int Priority { get; init; }

    public required int Weight { get; init; }
}
