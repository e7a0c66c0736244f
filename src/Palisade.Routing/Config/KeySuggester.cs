namespace Palisade.Routing.Config;

/// <summary>"Did you mean …?" for misspelt keys and references.</summary>
internal static class KeySuggester
{
    private const int MaxDistance = 2;

    /// <summary>The closest candidate within an edit distance of 2, or null.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = MaxDistance + 1;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>"; did you mean 'x'?" or an empty string.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } match ? $"; did you mean '{match}'?" : "";

    /// <summary>Levenshtein distance with two rows (inputs are short keys and ids).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
