namespace Palisade.Sip.Transaction;

/// <summary>States of the four RFC 3261 §17 state machines, plus RFC 6026's Accepted.</summary>
public enum TransactionState : byte
{
    /// <summary>Client INVITE: request sent, no response yet (§17.1.1.2).</summary>
    Calling,
    /// <summary>Client or server non-INVITE: no provisional response yet (§17.1.2.2, §17.2.2).</summary>
    Trying,
    /// <summary>A provisional response was received or sent.</summary>
    Proceeding,
    /// <summary>A final response (non-2xx for INVITE) was received or sent; retransmissions are absorbed.</summary>
    Completed,
    /// <summary>INVITE answered with a 2xx (RFC 6026 §7.1, §8.4): 2xx retransmissions and their ACKs are end-to-end.</summary>
    Accepted,
    /// <summary>Server INVITE: the ACK for the non-2xx final response arrived (§17.2.1).</summary>
    Confirmed,
    /// <summary>Gone: removed from the layer.</summary>
    Terminated,
}
