namespace Palisade.Routing.Model;

/// <summary>A trunk a route may send a call to, with its share for <see cref="RouteSelection.Weighted"/>.</summary>
public sealed record RouteTargetModel
{
    public required TrunkModel Trunk { get; init; }

    public required int Weight { get; init; }
}
