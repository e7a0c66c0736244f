using System.Collections.Frozen;

namespace Palisade.Routing.Model;

/// <summary>Per-minute prices of a trunk by E.164 prefix.</summary>
public sealed record RateDeckModel
{
    /// <summary>ISO 4217 code.</summary>
    public required string Currency { get; init; }

    /// <summary>Prefix ("+44") → price per minute.</summary>
    public required FrozenDictionary<string, decimal> Prefixes { get; init; }

    /// <summary>
    /// Seconds charged for the start of an answered call (the "60" of 60/60, 60/1, 30/6 billing). Default 60: with
    /// <see cref="Increment"/> 60, a call is charged per started minute.
    /// </summary>
    public int FirstIncrementSeconds { get; init; } = 60;

    /// <summary>After <see cref="FirstIncrementSeconds"/>, time is charged in steps of this many seconds.</summary>
    public int IncrementSeconds { get; init; } = 60;

    /// <summary>Charged once per answered call, on top of the per-minute price.</summary>
    public decimal ConnectionFee { get; init; }

    /// <summary>Longest-prefix match of an E.164 number ("+442071230100" matches "+44" unless "+4420" exists).</summary>
    public bool TryGetPrice(string number, out decimal pricePerMinute)
    {
        ArgumentNullException.ThrowIfNull(number);
        // Span lookups: no substring allocation per candidate prefix on the routing path.
        var lookup = Prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var length = number.Length; length > 0; length--)
        {
            if (lookup.TryGetValue(number.AsSpan(0, length), out pricePerMinute))
            {
                return true;
            }
        }

        pricePerMinute = 0;
        return false;
    }
}
