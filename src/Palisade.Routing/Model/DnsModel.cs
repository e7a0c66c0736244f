using System.Collections.Frozen;
using System.Net;

namespace Palisade.Routing.Model;

/// <summary>Static host table consulted before real DNS (lab and pinned peers).</summary>
public sealed record DnsModel
{
    public static DnsModel Empty { get; } = new() { Static = FrozenDictionary<string, IPAddress>.Empty };

    /// <summary>Lower-case host name without a trailing dot → address; the comparer ignores case.</summary>
    public required FrozenDictionary<string, IPAddress> Static { get; init; }
}
