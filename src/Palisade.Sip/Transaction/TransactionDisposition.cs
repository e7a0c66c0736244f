namespace Palisade.Sip.Transaction;

/// <summary>What <see cref="TransactionLayer.ProcessInbound"/> did with a message.</summary>
public enum TransactionDisposition : byte
{
    /// <summary>A retransmission (request, response or ACK) handled inside its transaction; the TU saw nothing.</summary>
    Absorbed,
    /// <summary>A new request: a server transaction was created and passed to <see cref="ITransactionUser.OnRequest"/>.</summary>
    NewRequest,
    /// <summary>A response passed to <see cref="ITransactionUser.OnResponse"/>.</summary>
    Response,
    /// <summary>An ACK that belongs to no transaction (the ACK for a 2xx, §17.1.1.3) passed to <see cref="ITransactionUser.OnAck"/>.</summary>
    Ack,
    /// <summary>A 2xx to INVITE without a transaction passed to <see cref="ITransactionUser.OnStrayResponse"/> (§13.2.2.4).</summary>
    StrayResponse,
    /// <summary>Discarded: a stray non-2xx response (§18.1.2) or a request that matches a transaction inconsistently.</summary>
    Dropped,
}
