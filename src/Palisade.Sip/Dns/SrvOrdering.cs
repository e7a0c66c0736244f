namespace Palisade.Sip.Dns;

/// <summary>The RFC 2782 "Usage rules" order of SRV records: priority ascending, weighted random within a priority.</summary>
internal static class SrvOrdering
{
    /// <summary>
    /// Orders <paramref name="records"/>, dropping "." targets. <paramref name="random"/> returns a value in
    /// [0, maxInclusive]; it is a parameter so tests can drive the selection.
    /// </summary>
    public static List<DnsSrvRecord> Order(IReadOnlyList<DnsSrvRecord> records, Func<int, int> random)
    {
        var remaining = new List<DnsSrvRecord>(records.Count);
        foreach (var record in records)
        {
            if (!record.IsServiceUnavailable)
                remaining.Add(record);
        }

        // Insertion sort: stable (List.Sort is not), so equal priorities keep the server's order before the weighted
        // draw, and record sets are a handful of entries.
        for (var i = 1; i < remaining.Count; i++)
        {
            var item = remaining[i];
            var j = i - 1;
            while (j >= 0 && remaining[j].Priority > item.Priority)
            {
                remaining[j + 1] = remaining[j];
                j--;
            }

            remaining[j + 1] = item;
        }

        var sorted = new List<DnsSrvRecord>(remaining.Count);
        var start = 0;
        while (start < remaining.Count)
        {
            var end = start;
            while (end < remaining.Count && remaining[end].Priority == remaining[start].Priority)
                end++;
            AppendWeighted(remaining.GetRange(start, end - start), sorted, random);
            start = end;
        }

        return sorted;
    }

    private static void AppendWeighted(List<DnsSrvRecord> group, List<DnsSrvRecord> output, Func<int, int> random)
    {
        // RFC 2782: put the zero-weight records first, then repeatedly draw r in [0, sum of weights] and take the first
        // record whose running sum is >= r. Zero-weight records thus have a very small chance of being chosen early.
        var ordered = new List<DnsSrvRecord>(group.Count);
        foreach (var r in group)
        {
            if (r.Weight == 0)
                ordered.Add(r);
        }

        foreach (var r in group)
        {
            if (r.Weight != 0)
                ordered.Add(r);
        }

        while (ordered.Count > 0)
        {
            var sum = 0;
            foreach (var r in ordered)
                sum += r.Weight;
            var draw = random(sum);
            var running = 0;
            var chosen = ordered.Count - 1;
            for (var i = 0; i < ordered.Count; i++)
            {
                running += ordered[i].Weight;
                if (running >= draw)
                {
                    chosen = i;
                    break;
                }
            }

            output.Add(ordered[chosen]);
            ordered.RemoveAt(chosen);
        }
    }
}
