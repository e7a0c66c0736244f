using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Palisade.Routing.Model;

/// <summary>
/// The number inventory arranged for per-call lookup: single numbers in a frozen hash table, ranges sorted by
/// (length, first number) for a binary search. Validation guarantees ranges of one length never overlap, so at
/// most one range can hold a number.
/// </summary>
internal sealed class NumberIndex
{
    private readonly FrozenDictionary<string, NumberModel> singles;
    private readonly NumberModel[] ranges;

    private NumberIndex(FrozenDictionary<string, NumberModel> singles, NumberModel[] ranges)
    {
        this.singles = singles;
        this.ranges = ranges;
    }

    public static NumberIndex Empty { get; } = new(FrozenDictionary<string, NumberModel>.Empty, []);

    public static NumberIndex Build(ImmutableArray<NumberModel> numbers)
    {
        if (numbers.IsDefaultOrEmpty)
        {
            return Empty;
        }

        var singles = new Dictionary<string, NumberModel>(StringComparer.Ordinal);
        var ranges = new List<NumberModel>();
        foreach (var number in numbers)
        {
            if (number.IsRange)
            {
                ranges.Add(number);
            }
            else
            {
                // The first entry wins, as the loader refuses duplicates anyway.
                singles.TryAdd(number.First, number);
            }
        }

        ranges.Sort(static (a, b) => Compare(a.First, b.First));
        return new NumberIndex(singles.ToFrozenDictionary(StringComparer.Ordinal), [.. ranges]);
    }

    /// <summary>The entry holding <paramref name="e164"/>: a single number before a range holding it; null when none.</summary>
    public NumberModel? Find(string e164)
    {
        if (singles.TryGetValue(e164, out var single))
        {
            return single;
        }

        // Last range starting at or below the number.
        int lo = 0, hi = ranges.Length - 1, last = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Compare(ranges[mid].First, e164) <= 0)
            {
                last = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return last >= 0 && ranges[last].Contains(e164) ? ranges[last] : null;
    }

    /// <summary>Shorter numbers first, then digit order: same-length E.164 strings compare like the numbers they hold.</summary>
    private static int Compare(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
}
