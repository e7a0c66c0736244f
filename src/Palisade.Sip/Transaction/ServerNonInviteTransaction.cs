using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8): absorbs retransmissions of the request, re-sending
/// the last provisional or final response, and after the final waits Timer J (64*T1 on UDP, 0 on reliable transports)
/// so that late retransmissions are still answered rather than seen as new requests.
/// </summary>
internal sealed class ServerNonInviteTransaction(TransactionLayer layer, TransactionKey key, SipInbound inbound)
    : ServerTransaction(layer, key, inbound, TransactionState.Trying)
{
    private ReadOnlyMemory<byte> _lastResponse;

    private protected override void ReleaseOnEnd()
    {
        base.ReleaseOnEnd();
        _lastResponse = default;
    }

    internal void Start()
    {
        // No RFC timer ends Trying: the TU must answer. The guard (64*T1, when the client's Timer F has long fired,
        // so an answer is useless) keeps a TU that never answers from leaking the transaction.
        lock (Gate)
            TimeoutTimer = Schedule(Options.TimeoutInterval, TransactionTimer.Guard);
    }

    private protected override bool Send(ReadOnlyMemory<byte> response, int status)
    {
        bool terminate = false;
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding))
                return false;
            LastStatus = status;
            _lastResponse = response;
            if (status < 200)
            {
                State = TransactionState.Proceeding;
            }
            else
            {
                State = TransactionState.Completed;
                TimeoutTimer.Cancel();
                SetOutcome(TransactionOutcome.Completed);
                if (IsReliable)
                {
                    terminate = true; // Timer J is 0 on reliable transports.
                }
                else
                {
                    TimeoutTimer = Schedule(Options.TimeoutInterval, TransactionTimer.J);
                    ReleaseRequest();
                }
            }
        }
        Transmit(response);
        if (terminate)
            Terminate(TransactionOutcome.Completed);
        return true;
    }

    internal override TransactionDisposition OnRetransmission()
    {
        ReadOnlyMemory<byte> resend;
        lock (Gate)
        {
            if (State == TransactionState.Terminated)
                return TransactionDisposition.Dropped;
            // §17.2.2: Trying absorbs silently; Proceeding and Completed re-send the last response.
            resend = _lastResponse;
        }
        Layer.Metrics.Absorbed.Add();
        if (!resend.IsEmpty)
            Transmit(resend);
        return TransactionDisposition.Absorbed;
    }

    private protected override void OnTimer(TransactionTimer timer)
    {
        switch (timer)
        {
            case TransactionTimer.J:
                TerminateIn(TransactionState.Completed);
                break;
            case TransactionTimer.Guard:
                TimeOutIn(TransactionState.Trying, TransactionState.Proceeding);
                break;
        }
    }
}
