namespace Palisade.Sbc.Calls;

/// <summary>Timers a call runs on the node's timer wheel (tags of <see cref="Palisade.Sip.Timers.ITimerTarget"/>).</summary>
internal enum CallTimer
{
    /// <summary>No provisional from the current target within the trunk's setup timeout: try the next.</summary>
    Setup,

    /// <summary>Re-send a 2xx to the caller until its ACK (RFC 3261 §13.3.1.4).</summary>
    Retransmit2xxCaller,

    /// <summary>Re-send a 2xx to the callee (a re-INVITE it sent) until its ACK.</summary>
    Retransmit2xxCallee,

    /// <summary>Re-send a reliable provisional to the caller until its PRACK (RFC 3262 §3).</summary>
    Retransmit1xx,

    /// <summary>The tenant's maximum call duration.</summary>
    MaxDuration,

    /// <summary>Session timer of the caller leg: refresh due (we refresh) or expired (the peer did not).</summary>
    SessionCaller,

    /// <summary>Session timer of the callee leg.</summary>
    SessionCallee,

    /// <summary>Forget an ended call once late retransmissions can no longer arrive.</summary>
    Linger,
}
