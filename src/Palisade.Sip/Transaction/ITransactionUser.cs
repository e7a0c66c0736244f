using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// The transaction user (RFC 3261 §17): the B2BUA core. Message callbacks run on the thread that called
/// <see cref="TransactionLayer.ProcessInbound"/>; timer callbacks (<see cref="OnTimeout"/>, and
/// <see cref="OnTransportError"/> for a retransmission) run on the timer wheel's thread and must hand work to the
/// call's shard rather than block. No lock of the layer is held during a callback, so a callback may send.
/// </summary>
public interface ITransactionUser
{
    /// <summary>A new request (never ACK): answer it with <see cref="ServerTransaction.SendResponse(ReadOnlyMemory{byte})"/>.
    /// For a CANCEL, <see cref="ServerTransaction.CancelledInvite"/> is the INVITE it cancels, or null (answer 481, §9.2).</summary>
    void OnRequest(ServerTransaction transaction);

    /// <summary>An ACK that no transaction absorbed: the ACK for a 2xx, which is end-to-end (§13.2.2.4, §17.1.1.3).</summary>
    void OnAck(SipInbound ack);

    /// <summary>A response of a client transaction: every provisional, the final, and (RFC 6026) 2xx retransmissions.</summary>
    void OnResponse(ClientTransaction transaction, SipMessage response);

    /// <summary>A 2xx to INVITE with no transaction: a retransmission or a forked answer the core must ACK (§13.2.2.4).</summary>
    void OnStrayResponse(SipInbound response);

    /// <summary>
    /// Client Timer B or F: treat as a 408 Request Timeout (§8.1.3.1, <see cref="ClientTransaction.CreateLocalResponse"/>).
    /// Server Timer H: the ACK never came (§17.2.1). Either side: a leak guard expired. A server transaction that sent
    /// a non-2xx final has released its parsed request by then (<see cref="SipTransaction.HasRequest"/>): find the
    /// call through <see cref="SipTransaction.UserState"/>, <see cref="SipTransaction.CallId"/> and the method.
    /// </summary>
    void OnTimeout(SipTransaction transaction);

    /// <summary>The transport refused a message of this transaction (§17.1.4, §17.2.4); it is terminated.</summary>
    void OnTransportError(SipTransaction transaction);
}
