using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Palisade.Routing.Model;

/// <summary>A routing rule; routes are evaluated in the order written and the first match wins.</summary>
public sealed record RouteModel
{
    public required string Id { get; init; }

    /// <summary>Source trunks; empty = any trunk.</summary>
    public required ImmutableArray<TrunkModel> From { get; init; }

    /// <summary>Only calls of this tenant; null = any tenant.</summary>
    public TenantModel? Tenant { get; init; }

    /// <summary>Called number pattern; null = any.</summary>
    public Regex? Called { get; init; }

    /// <summary>Calling number pattern; null = any.</summary>
    public Regex? Calling { get; init; }

    public required RouteSelection Select { get; init; }

    public required ImmutableArray<RouteTargetModel> To { get; init; }

    public ForwardOnFailureModel? ForwardOnFailure { get; init; }
}
