namespace Palisade.Routing.Model;

/// <summary>One E.164 number or a contiguous range of them (same length, <see cref="First"/> ≤ <see cref="Last"/>).</summary>
public sealed record NumberModel
{
    /// <summary>E.164 with '+'.</summary>
    public required string First { get; init; }

    /// <summary>Equal to <see cref="First"/> for a single number.</summary>
    public required string Last { get; init; }

    public bool IsRange => !string.Equals(First, Last, StringComparison.Ordinal);

    public required TenantModel Tenant { get; init; }

    /// <summary>Teams user (UPN) or resource account; never set on a range.</summary>
    public string? User { get; init; }

    public required NumberConnectivity Connectivity { get; init; }

    /// <summary>True when <paramref name="number"/> (E.164) is this number or falls inside this range.</summary>
    public bool Contains(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Length == First.Length
            && string.CompareOrdinal(number, First) >= 0
            && string.CompareOrdinal(number, Last) <= 0;
    }
}
