using System.Net;

namespace Palisade.Routing.Model;

/// <summary>One socket the SBC listens on.</summary>
public sealed record ListenerModel
{
    public required string Name { get; init; }

    public required SipTransport Transport { get; init; }

    public required IPAddress Address { get; init; }

    public required int Port { get; init; }
}
