using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// The INVITE server transaction (RFC 3261 §17.2.1, Figure 7, with RFC 6026's Accepted state): sends 100 Trying if
/// the TU is silent for 200 ms, re-sends the last provisional or final response when the INVITE is retransmitted,
/// retransmits a non-2xx final on UDP (Timer G) until the ACK (absorbed) or Timer H, then absorbs ACK retransmissions
/// until Timer I. After a 2xx it waits in Accepted (Timer L) absorbing INVITE retransmissions while the core
/// retransmits the 2xx and receives its ACK end-to-end (§13.3.1.4).
/// </summary>
internal sealed class ServerInviteTransaction(TransactionLayer layer, TransactionKey key, SipInbound inbound)
    : ServerTransaction(layer, key, inbound, TransactionState.Proceeding)
{
    private TimeSpan _interval;
    private ReadOnlyMemory<byte> _lastResponse;

    private protected override void ReleaseOnEnd()
    {
        base.ReleaseOnEnd();
        _lastResponse = default;
    }

    internal void Start()
    {
        lock (Gate)
        {
            TryingTimer = Schedule(Options.TryingDelay, TransactionTimer.Trying);
            TimeoutTimer = Schedule(Options.InviteProceedingLimit, TransactionTimer.Guard);
        }
    }

    private protected override bool Send(ReadOnlyMemory<byte> response, int status)
    {
        lock (Gate)
        {
            if (State == TransactionState.Accepted && status is >= 200 and < 300)
            {
                // RFC 6026 §8.7: the core's 2xx retransmissions pass through in Accepted.
                LastStatus = status;
                _lastResponse = response;
            }
            else if (State == TransactionState.Proceeding)
            {
                Advance(response, status);
            }
            else
            {
                return false;
            }
        }
        Transmit(response);
        return true;
    }

    /// <summary>Under the gate, in Proceeding: the TU sent <paramref name="status"/>.</summary>
    private void Advance(ReadOnlyMemory<byte> response, int status)
    {
        TryingTimer.Cancel();
        LastStatus = status;
        _lastResponse = response;
        if (status < 200)
            return;
        TimeoutTimer.Cancel();
        SetOutcome(TransactionOutcome.Completed);
        if (status < 300)
        {
            State = TransactionState.Accepted;
            TimeoutTimer = Schedule(Options.TimeoutInterval, TransactionTimer.L);
            return;
        }
        State = TransactionState.Completed;
        RememberToTag(response);
        // Only the last response and the key are needed to re-send it and to match the ACK from here on.
        ReleaseRequest();
        if (!IsReliable)
        {
            _interval = Options.T1;
            RetransmitTimer = Schedule(_interval, TransactionTimer.G);
        }
        // Timer H runs on every transport: the ACK is awaited even over TCP (§17.2.1).
        TimeoutTimer = Schedule(Options.TimeoutInterval, TransactionTimer.H);
    }

    internal override TransactionDisposition OnRetransmission()
    {
        ReadOnlyMemory<byte> resend = default;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Proceeding:
                    // §17.2.1: re-send the most recent provisional response. When the TU has sent none yet, the peer's
                    // retransmission shows it is waiting: send the 100 Trying now rather than at 200 ms.
                    if (_lastResponse.IsEmpty)
                        resend = TakeTrying();
                    else
                        resend = _lastResponse;
                    break;
                case TransactionState.Completed:
                    resend = _lastResponse;
                    break;
                case TransactionState.Terminated:
                    return TransactionDisposition.Dropped;
                default:
                    // Confirmed: absorbed. Accepted (RFC 6026 §8.7): absorbed, the core retransmits the 2xx itself.
                    break;
            }
        }
        Layer.Metrics.Absorbed.Add();
        if (!resend.IsEmpty)
            Transmit(resend);
        return TransactionDisposition.Absorbed;
    }

    /// <summary>
    /// The ACK matched this transaction (§17.2.3). Completed: it confirms the non-2xx final and stops Timer G.
    /// Confirmed: a retransmission, absorbed. Otherwise (Accepted: the ACK for a 2xx, RFC 6026 §8.7) it is the TU's.
    /// </summary>
    internal TransactionDisposition OnAck()
    {
        bool terminate = false;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Completed:
                    State = TransactionState.Confirmed;
                    RetransmitTimer.Cancel();
                    TimeoutTimer.Cancel();
                    if (IsReliable)
                        terminate = true; // Timer I is 0 on reliable transports.
                    else
                        TimeoutTimer = Schedule(Options.T4, TransactionTimer.I);
                    break;
                case TransactionState.Confirmed:
                    Layer.Metrics.Absorbed.Add();
                    break;
                default:
                    return TransactionDisposition.Ack;
            }
        }
        if (terminate)
            Terminate(TransactionOutcome.Completed);
        return TransactionDisposition.Absorbed;
    }

    private ReadOnlyMemory<byte> TakeTrying()
    {
        TryingTimer.Cancel();
        using SipMessageWriter w = SipResponses.Start(Request, 100);
        w.Finish();
        _lastResponse = w.ToArray();
        LastStatus = 100;
        return _lastResponse;
    }

    private protected override void OnTimer(TransactionTimer timer)
    {
        ReadOnlyMemory<byte> send = default;
        switch (timer)
        {
            case TransactionTimer.Trying:
                lock (Gate)
                {
                    // §17.2.1: the TU has not answered within 200 ms, so stop the client's INVITE retransmissions.
                    if (State != TransactionState.Proceeding || !_lastResponse.IsEmpty)
                        return;
                    send = TakeTrying();
                }
                Transmit(send);
                break;
            case TransactionTimer.G:
                lock (Gate)
                {
                    if (State != TransactionState.Completed)
                        return;
                    // §17.2.1: double up to T2.
                    _interval = _interval + _interval < Options.T2 ? _interval + _interval : Options.T2;
                    RetransmitTimer = Schedule(_interval, TransactionTimer.G);
                    send = _lastResponse;
                }
                Layer.Metrics.Retransmitted.Add();
                Transmit(send);
                break;
            case TransactionTimer.H:
                TimeOutIn(TransactionState.Completed);
                break;
            case TransactionTimer.I:
                TerminateIn(TransactionState.Confirmed);
                break;
            case TransactionTimer.L:
                TerminateIn(TransactionState.Accepted);
                break;
            case TransactionTimer.Guard:
                TimeOutIn(TransactionState.Proceeding);
                break;
        }
    }
}
