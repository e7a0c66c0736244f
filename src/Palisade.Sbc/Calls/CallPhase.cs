namespace Palisade.Sbc.Calls;

internal enum CallPhase : byte
{
    /// <summary>Trying targets; the caller has at most a 100 Trying.</summary>
    Setup,

    /// <summary>A callee sent an 18x that was relayed to the caller.</summary>
    Early,

    /// <summary>Answered: the caller has the 2xx, its ACK may still be due.</summary>
    Answered,

    Ended,
}
