using System.Collections.Concurrent;

namespace Palisade.Sip.Dns;

/// <summary>
/// Answers by (normalized name, type), kept until their TTL runs out on the injected clock. Bounded: when full, expired
/// entries go first, then the one closest to expiry. Reads take no lock; writes serialize on one lock.
/// </summary>
internal sealed class DnsCache
{
    private readonly ConcurrentDictionary<(string Name, DnsRecordType Type), Entry> _entries = new();
    private readonly Lock _writeLock = new();
    private readonly int _maxEntries;
    private readonly TimeProvider _time;

    public DnsCache(int maxEntries, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _maxEntries = maxEntries;
        _time = time;
    }

    public int Count => _entries.Count;

    /// <param name="name">Already normalized with <see cref="DnsName.Normalize"/>.</param>
    public bool TryGet(string name, DnsRecordType type, out DnsLookupResult? result)
    {
        if (_entries.TryGetValue((name, type), out var entry))
        {
            if (_time.GetTimestamp() < entry.ExpiresAt)
            {
                result = entry.Result;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<(string, DnsRecordType), Entry>((name, type), entry));
        }

        result = null;
        return false;
    }

    public void Set(string name, DnsRecordType type, DnsLookupResult result, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
            return;
        var now = _time.GetTimestamp();
        var expiresAt = now + (long)(ttl.TotalSeconds * _time.TimestampFrequency);
        lock (_writeLock)
        {
            if (_entries.Count >= _maxEntries && !_entries.ContainsKey((name, type)))
                MakeRoom(now);
            _entries[(name, type)] = new Entry(result, expiresAt);
        }
    }

    private void MakeRoom(long now)
    {
        // O(n), but only when full; a full cache of a few thousand entries is swept in microseconds.
        (string, DnsRecordType)? soonest = null;
        var soonestExpiry = long.MaxValue;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(key, out _);
            }
            else if (entry.ExpiresAt < soonestExpiry)
            {
                soonestExpiry = entry.ExpiresAt;
                soonest = key;
            }
        }

        if (_entries.Count >= _maxEntries && soonest is { } victim)
            _entries.TryRemove(victim, out _);
    }

    private sealed record Entry(DnsLookupResult Result, long ExpiresAt);
}
