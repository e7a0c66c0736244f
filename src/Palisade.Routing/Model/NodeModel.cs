namespace Palisade.Routing.Model;

/// <summary>This SBC node.</summary>
public sealed record NodeModel
{
    public required string Name { get; init; }

    /// <summary>Carrier base domain; tenants' Teams FQDNs are normally sub-domains of it.</summary>
    public required string Fqdn { get; init; }

    /// <summary>Data directory as written (relative paths are relative to the working directory, like any CLI path).</summary>
    public required string DataDirectory { get; init; }

    /// <summary><c>node.max-call-duration</c>: the limit for tenants without their own (and for calls with no tenant); null = unlimited.</summary>
    public TimeSpan? MaxCallDuration { get; init; }
}
