namespace Palisade.Sip.Transaction;

/// <summary>The timers of RFC 3261 §17 (Table 4) and RFC 6026, as the tag a transaction schedules on the wheel.</summary>
internal enum TransactionTimer
{
    /// <summary>Client INVITE retransmission, T1 doubling (UDP only).</summary>
    A,
    /// <summary>Client INVITE timeout, 64*T1.</summary>
    B,
    /// <summary>Client INVITE: wait for response retransmissions, 32 s (UDP) / 0 (reliable).</summary>
    D,
    /// <summary>Client non-INVITE retransmission, T1 doubling up to T2 (UDP only).</summary>
    E,
    /// <summary>Client non-INVITE timeout, 64*T1.</summary>
    F,
    /// <summary>Server INVITE final response retransmission, T1 doubling up to T2 (UDP only).</summary>
    G,
    /// <summary>Server INVITE: wait for ACK, 64*T1.</summary>
    H,
    /// <summary>Server INVITE: absorb ACK retransmissions, T4 (UDP) / 0 (reliable).</summary>
    I,
    /// <summary>Server non-INVITE: absorb request retransmissions, 64*T1 (UDP) / 0 (reliable).</summary>
    J,
    /// <summary>Client non-INVITE: absorb response retransmissions, T4 (UDP) / 0 (reliable).</summary>
    K,
    /// <summary>Server INVITE in Accepted (RFC 6026 §8.7), 64*T1.</summary>
    L,
    /// <summary>Client INVITE in Accepted (RFC 6026 §8.4), 64*T1.</summary>
    M,
    /// <summary>Server INVITE: send 100 Trying when the TU has not answered within 200 ms (§17.2.1).</summary>
    Trying,
    /// <summary>Leak guard for a transaction whose TU never answers (no RFC timer covers it).</summary>
    Guard,
}
