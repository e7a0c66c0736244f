namespace Palisade.Sbc.Calls;

/// <summary>OPTIONS health probing of one trunk endpoint (consecutive answers and misses decide up and down).</summary>
internal sealed class ProbeState(string trunkId, int endpointIndex)
{
    public string TrunkId { get; } = trunkId;

    public int EndpointIndex { get; } = endpointIndex;

    public DateTimeOffset NextDue { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>Sequence of the probe in flight; 0 = none. A late answer to an older probe is ignored.</summary>
    public long InFlight { get; set; }

    public long Sequence { get; set; }

    public int Answered { get; set; }

    public int Missed { get; set; }
}
