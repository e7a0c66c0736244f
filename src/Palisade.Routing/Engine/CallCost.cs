using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>What a call costs on a trunk's rate deck.</summary>
public static class CallCost
{
    /// <summary>
    /// Connection fee plus the per-minute price of the longest matching prefix times the billed time. Billed time
    /// follows the deck's <c>billing: FIRST/NEXT</c>: at least FIRST seconds, then steps of NEXT seconds, each started
    /// step charged in full; the default 60/60 is per started minute (61 s costs two minutes). A call of zero
    /// duration (never answered) costs nothing, fee included. Null when the deck is null or has no price for the
    /// number; <paramref name="currency"/> is then null too.
    /// </summary>
    public static decimal? Compute(RateDeckModel? deck, string calledE164, TimeSpan duration, out string? currency)
    {
        ArgumentNullException.ThrowIfNull(calledE164);
        currency = null;
        if (deck is null || !deck.TryGetPrice(calledE164, out var perMinute))
        {
            return null;
        }

        currency = deck.Currency;
        if (duration <= TimeSpan.Zero)
        {
            return 0m;
        }

        // Started seconds: 60.2 s is 61 s.
        var seconds = (duration.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        long billed = deck.FirstIncrementSeconds;
        if (seconds > billed)
        {
            var rest = seconds - billed;
            billed += (rest + deck.IncrementSeconds - 1) / deck.IncrementSeconds * deck.IncrementSeconds;
        }

        return deck.ConnectionFee + (perMinute * billed / 60m);
    }
}
