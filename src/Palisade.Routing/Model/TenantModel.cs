namespace Palisade.Routing.Model;

/// <summary>A customer Microsoft 365 tenant.</summary>
public sealed record TenantModel
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The tenant's Teams sub-domain (lower case), used as the Contact host towards Teams; null when the tenant does not use Teams.</summary>
    public string? TeamsFqdn { get; init; }

    /// <summary>Concurrent call limit; null = unlimited.</summary>
    public int? MaxCalls { get; init; }

    /// <summary>New calls per second limit; null = unlimited.</summary>
    public int? MaxCallsPerSecond { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>Calls of this tenant are ended after this long; null = the node's <see cref="NodeModel.MaxCallDuration"/>.</summary>
    public TimeSpan? MaxCallDuration { get; init; }
}
