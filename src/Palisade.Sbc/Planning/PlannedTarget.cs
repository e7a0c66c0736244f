using System.Collections.Immutable;
using Palisade.Routing.Model;

namespace Palisade.Sbc.Planning;

/// <summary>One trunk to try, with the numbers as that trunk wants them.</summary>
internal sealed class PlannedTarget
{
    public required TrunkModel Trunk { get; init; }

    public required string CalledOut { get; init; }

    public required string CallingOut { get; init; }

    /// <summary>Display name to present (forward-on-failure puts its label in front); null = the caller's.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Final statuses on which the next target is tried.</summary>
    public required ImmutableArray<int> FailoverCodes { get; init; }

    public bool IsForwardOnFailure { get; init; }

    public decimal? PricePerMinute { get; init; }
}
