using System.Collections.Immutable;
using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>One trunk a call may be sent to, with the numbers as that trunk wants them.</summary>
public sealed record RouteTarget
{
    public required TrunkModel Trunk { get; init; }

    /// <summary>Not to be tried (down, full, or not able to take this number); kept so explanations can show it.</summary>
    public bool Skipped { get; init; }

    /// <summary>Why it is here or skipped: "cheapest: 0.0040 USD/min", "down (probe or Retry-After hold)", "full (50/50 calls)", "no rate for +99…".</summary>
    public required string Reason { get; init; }

    /// <summary>Called number after the trunk's <c>out</c> rules.</summary>
    public required string CalledOut { get; init; }

    /// <summary>Calling number after the trunk's <c>out</c> rules.</summary>
    public required string CallingOut { get; init; }

    /// <summary>Forward-on-failure only: the label, a space and the caller's display name (the label alone when there is none).</summary>
    public string? CallingDisplayName { get; init; }

    /// <summary>Per minute for the called number on this trunk's rate deck; null without a deck or a matching prefix.</summary>
    public decimal? PricePerMinute { get; init; }

    public string? Currency { get; init; }

    /// <summary>Final answers from this trunk on which the next target is tried: the route's override or the trunk's list.</summary>
    public ImmutableArray<int> FailoverCodes { get; init; } = [];

    public bool IsForwardOnFailure { get; init; }
}
