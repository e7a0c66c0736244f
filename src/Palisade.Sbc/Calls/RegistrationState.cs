namespace Palisade.Sbc.Calls;

/// <summary>Registration of Palisade with one trunk's registrar (RFC 3261 §10): one Call-ID and From tag for its life.</summary>
internal sealed class RegistrationState(string trunkId, string callId, string tag)
{
    public string TrunkId { get; } = trunkId;

    public string CallId { get; } = callId;

    public string Tag { get; } = tag;

    /// <summary>§10.2.4: CSeq rises by one per REGISTER with the same Call-ID.</summary>
    public uint CSeq { get; set; }

    public bool Registered { get; set; }

    public DateTimeOffset NextAttempt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public bool InFlight { get; set; }

    /// <summary>Challenges answered for the REGISTER in flight (one per request, so wrong credentials do not loop).</summary>
    public bool Challenged { get; set; }

    public int Failures { get; set; }
}
