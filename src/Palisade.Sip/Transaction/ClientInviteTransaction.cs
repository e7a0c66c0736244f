using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// The INVITE client transaction (RFC 3261 §17.1.1, Figure 5, with RFC 6026's Accepted state): Timer A retransmits
/// on UDP with doubling intervals, Timer B gives up after 64*T1, a non-2xx final response is ACKed hop-by-hop and
/// its retransmissions re-ACKed until Timer D, and a 2xx moves to Accepted where further 2xx (retransmissions and
/// forks) still reach the TU until Timer M.
/// </summary>
internal sealed class ClientInviteTransaction(TransactionLayer layer, TransactionKey key, SipMessage request, SipDestination destination)
    : ClientTransaction(layer, key, request, destination, TransactionState.Calling)
{
    private byte[]? _ack;

    private protected override void ReleaseOnEnd()
    {
        base.ReleaseOnEnd();
        _ack = null;
    }

    internal override void Start() => StartSending(TransactionTimer.A, TransactionTimer.B);

    internal override TransactionDisposition OnResponse(SipMessage response)
    {
        int status = response.StatusCode;
        byte[]? ack = null;
        bool passUp = false, terminate = false;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Calling:
                case TransactionState.Proceeding:
                    RetransmitTimer.Cancel();
                    TimeoutTimer.Cancel();
                    LastStatus = status;
                    passUp = true;
                    if (status < 200)
                    {
                        // §17.1.1.2: no more retransmissions once the far end answered; Timer B only runs in Calling.
                        // The guard stands in for the TU's Timer C (§16.6) in case the TU never ends the call.
                        State = TransactionState.Proceeding;
                        TimeoutTimer = Schedule(Options.InviteProceedingLimit, TransactionTimer.Guard);
                        break;
                    }
                    FinalPassedUp = true;
                    SetOutcome(TransactionOutcome.Completed);
                    if (status < 300)
                    {
                        // RFC 6026 §8.4: Accepted, so 2xx retransmissions and forked 2xx are still matched and passed
                        // up (the core ACKs them end-to-end, §13.2.2.4) until Timer M.
                        State = TransactionState.Accepted;
                        TimeoutTimer = Schedule(Options.TimeoutInterval, TransactionTimer.M);
                        break;
                    }
                    // §17.1.1.3: the transaction itself ACKs a non-2xx final response.
                    State = TransactionState.Completed;
                    _ack = ClientRequests.Ack(Request, response);
                    ack = _ack;
                    if (IsReliable)
                        terminate = true; // Timer D is 0 on reliable transports.
                    else
                        TimeoutTimer = Schedule(Options.TimerD, TransactionTimer.D);
                    break;

                case TransactionState.Completed:
                    // §17.1.1.2: a retransmitted final response is ACKed again and not passed up.
                    if (status >= 300)
                        ack = _ack;
                    break;

                case TransactionState.Accepted:
                    // RFC 6026 §8.4: 2xx are passed up; anything else is dropped.
                    passUp = status is >= 200 and < 300;
                    break;

                default:
                    return TransactionDisposition.Dropped;
            }
        }

        if (ack is not null)
            Transmit(ack);
        if (!passUp)
        {
            Layer.Metrics.Absorbed.Add();
            return TransactionDisposition.Absorbed;
        }
        return PassUp(response, terminate);
    }

    private protected override void OnTimer(TransactionTimer timer)
    {
        switch (timer)
        {
            case TransactionTimer.A:
                lock (Gate)
                {
                    if (State != TransactionState.Calling)
                        return;
                    // §17.1.1.2: each retransmission doubles the interval; Timer B bounds the total.
                    RetransmitInterval += RetransmitInterval;
                    RetransmitTimer = Schedule(RetransmitInterval, TransactionTimer.A);
                }
                Layer.Metrics.Retransmitted.Add();
                Transmit(Request.Memory);
                break;
            case TransactionTimer.B:
                TimeOutIn(TransactionState.Calling);
                break;
            case TransactionTimer.Guard:
                TimeOutIn(TransactionState.Proceeding);
                break;
            case TransactionTimer.D:
                TerminateIn(TransactionState.Completed);
                break;
            case TransactionTimer.M:
                TerminateIn(TransactionState.Accepted);
                break;
        }
    }
}
