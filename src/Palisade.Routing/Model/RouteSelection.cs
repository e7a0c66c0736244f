namespace Palisade.Routing.Model;

/// <summary>How a route orders its target trunks for one call.</summary>
public enum RouteSelection
{
    /// <summary>In the order written; the next one on failure.</summary>
    Ordered,

    /// <summary>Weighted random first choice, the rest on failure.</summary>
    Weighted,

    /// <summary>Cheapest per-minute price for the called number first (longest-prefix match on each trunk's rates).</summary>
    LeastCost,
}
