using System.Collections.Immutable;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

internal sealed partial class ModelBuilder
{
    private static readonly (string Word, NumberConnectivity Value)[] Connectivities =
    [
        ("direct-routing", NumberConnectivity.DirectRouting),
        ("operator-connect", NumberConnectivity.OperatorConnect),
        ("calling-plan", NumberConnectivity.CallingPlan),
    ];

    /// <summary>A parsed number entry kept for the overlap checks; same-length E.164 strings compare like the numbers they hold.</summary>
    private sealed record NumberEntry(string First, string Last, string TenantId, ConfigNode At, int Line)
    {
        public string Text => First == Last ? $"number '{First}'" : $"range '{First}..{Last}'";
    }

    private ImmutableArray<NumberModel> BuildNumbers(ImmutableArray<NumberConfig> configs, Dictionary<string, TenantModel> tenants)
    {
        var numbers = ImmutableArray.CreateBuilder<NumberModel>(configs.Length);
        var entries = new List<NumberEntry>(configs.Length);
        foreach (var config in configs)
        {
            var before = diagnostics.Count;
            var written = (ConfigScalar?)config.Number ?? config.Range;
            var context = config.Number is not null ? $"number '{config.Number.Value}'" : config.Range is not null ? $"range '{config.Range.Value}'" : "a number entry";
            (string First, string Last)? span = null;
            if (config.Number is not null && config.Range is null)
            {
                span = values.E164(config.Number, context) is { } n ? (n, n) : null;
            }
            else if (config.Range is not null && config.Number is null)
            {
                span = Range(config.Range, context);
            }

            TenantModel? tenant = null;
            if (config.Tenant is { } tenantRef && !IsUnknown(tenantRef, tenantIds, "tenant", context))
            {
                tenants.TryGetValue(tenantRef.Value, out tenant);
            }

            if (config.User is { } user)
            {
                if (config.Range is not null)
                {
                    diagnostics.Add(user, $"{context} has a 'user', but a range cannot be assigned to one user; list the user's number on its own");
                }
                else if (!Upn().IsMatch(user.Value))
                {
                    values.Bad(user, "user", context, "expected a user principal name such as alice@contoso.com");
                }
            }

            var connectivity = config.Connectivity is { } c
                ? values.Keyword(c, "connectivity", context, Connectivities)
                : NumberConnectivity.DirectRouting;

            if (span is { } s && config.Tenant is not null && written is not null)
            {
                // Overlaps are checked even when the entry has other errors: they are independent mistakes.
                entries.Add(new NumberEntry(s.First, s.Last, config.Tenant.Value, written, written.Position.Line));
            }

            if (diagnostics.Count > before || span is null || tenant is null || connectivity is null)
            {
                continue;
            }

            numbers.Add(new NumberModel
            {
                First = span.Value.First,
                Last = span.Value.Last,
                Tenant = tenant,
                User = config.User?.Value,
                Connectivity = connectivity.Value,
            });
        }

        CheckOverlaps(entries);
        return numbers.ToImmutable();
    }

    /// <summary>"+14255550200..+14255550299": both ends E.164, the same length, lower first.</summary>
    private (string First, string Last)? Range(ConfigScalar value, string context)
    {
        var parts = value.Value.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !ValueParser.IsE164(parts[0]) || !ValueParser.IsE164(parts[1]))
        {
            values.Bad(value, "number range", context, "expected two E.164 numbers joined by '..', such as +14255550200..+14255550299");
            return null;
        }

        if (parts[0].Length != parts[1].Length)
        {
            values.Bad(value, "number range", context, "both ends must have the same number of digits");
            return null;
        }

        if (string.CompareOrdinal(parts[0], parts[1]) > 0)
        {
            values.Bad(value, "number range", context, $"it is inverted; write the lower number first ({parts[1]}..{parts[0]})");
            return null;
        }

        return (parts[0], parts[1]);
    }

    /// <summary>
    /// A number must belong to exactly one tenant: no duplicates, no overlapping ranges, no single number inside
    /// another tenant's range. A single number inside its own tenant's range is fine: it names the user of one
    /// number of a block assigned to the tenant.
    /// </summary>
    private void CheckOverlaps(List<NumberEntry> entries)
    {
        var singles = new Dictionary<string, NumberEntry>(StringComparer.Ordinal);
        var ranges = new List<NumberEntry>();
        foreach (var entry in entries)
        {
            if (entry.First != entry.Last)
            {
                ranges.Add(entry);
            }
            else if (singles.TryGetValue(entry.First, out var first))
            {
                diagnostics.Add(entry.At, $"duplicate number '{entry.First}'; it is already listed on line {first.Line}");
            }
            else
            {
                singles.Add(entry.First, entry);
            }
        }

        ranges.Sort(static (a, b) => a.First.Length != b.First.Length
            ? a.First.Length.CompareTo(b.First.Length)
            : string.CompareOrdinal(a.First, b.First) is var c && c != 0 ? c : a.Line.CompareTo(b.Line));

        // Sweep: compare each range with the furthest-reaching earlier one of the same length.
        NumberEntry? reach = null;
        foreach (var range in ranges)
        {
            if (reach is not null && reach.First.Length == range.First.Length && string.CompareOrdinal(range.First, reach.Last) <= 0)
            {
                var (later, earlier) = range.Line >= reach.Line ? (range, reach) : (reach, range);
                diagnostics.Add(later.At, $"{later.Text} overlaps {earlier.Text} (line {earlier.Line})");
            }

            if (reach is null || reach.First.Length != range.First.Length || string.CompareOrdinal(range.Last, reach.Last) > 0)
            {
                reach = range;
            }
        }

        foreach (var single in singles.Values)
        {
            foreach (var range in Covering(ranges, single.First))
            {
                if (range.TenantId != single.TenantId)
                {
                    diagnostics.Add(single.At, $"{single.Text} of tenant '{single.TenantId}' lies inside {range.Text} of tenant '{range.TenantId}' (line {range.Line})");
                }
            }
        }
    }

    /// <summary>Ranges holding <paramref name="number"/>: binary search for the last range starting at or below it, then walk back while they hold it.</summary>
    private static IEnumerable<NumberEntry> Covering(List<NumberEntry> sorted, string number)
    {
        int lo = 0, hi = sorted.Count - 1, last = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var m = sorted[mid];
            var cmp = m.First.Length != number.Length ? m.First.Length.CompareTo(number.Length) : string.CompareOrdinal(m.First, number);
            if (cmp <= 0)
            {
                last = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        for (var i = last; i >= 0 && sorted[i].First.Length == number.Length; i--)
        {
            if (string.CompareOrdinal(number, sorted[i].Last) > 0)
            {
                // An earlier range could only reach this far by overlapping this one, which is reported already.
                yield break;
            }

            yield return sorted[i];
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial System.Text.RegularExpressions.Regex Upn();
}
