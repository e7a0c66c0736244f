using System.Net;

namespace Palisade.Routing.Model;

/// <summary>Media relay address and its RTP port pool (even RTP port, odd RTCP port, so the pool holds whole pairs).</summary>
public sealed record MediaModel
{
    public required IPAddress Address { get; init; }

    /// <summary>First port of the pool; always even.</summary>
    public required int PortMin { get; init; }

    /// <summary>Last port of the pool (inclusive); always odd.</summary>
    public required int PortMax { get; init; }
}
