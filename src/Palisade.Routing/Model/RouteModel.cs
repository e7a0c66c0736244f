using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Palisade.Routing.Model;

/// <summary>A routing rule; routes are evaluated by <see cref="Priority"/>, then in the order written, and the first match wins.</summary>
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

    /// <summary>Lower is evaluated first; equal priorities keep the order written.</summary>
    public int Priority { get; init; } = DefaultPriority;

    /// <summary>Only calls placed inside this window; null = any time.</summary>
    public TimeWindowModel? Time { get; init; }

    /// <summary>Replaces each target trunk's <see cref="TrunkModel.FailoverCodes"/> for this route; null = the trunks' own lists.</summary>
    public ImmutableArray<int>? FailoverCodes { get; init; }

    public const int DefaultPriority = 100;
}
