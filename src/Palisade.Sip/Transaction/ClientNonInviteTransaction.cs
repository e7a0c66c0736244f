using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6): Timer E retransmits on UDP, doubling from T1 up
/// to T2 (and every T2 once a provisional response came), Timer F gives up after 64*T1, and Timer K absorbs
/// retransmissions of the final response for T4 on UDP.
/// </summary>
internal sealed class ClientNonInviteTransaction(TransactionLayer layer, TransactionKey key, SipMessage request, SipDestination destination)
    : ClientTransaction(layer, key, request, destination, TransactionState.Trying)
{

    internal override void Start() => StartSending(TransactionTimer.E, TransactionTimer.F);

    internal override TransactionDisposition OnResponse(SipMessage response)
    {
        int status = response.StatusCode;
        bool terminate = false;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Trying:
                case TransactionState.Proceeding:
                    LastStatus = status;
                    if (status < 200)
                    {
                        // Timer E keeps running: in Proceeding it fires every T2 (§17.1.2.2).
                        State = TransactionState.Proceeding;
                        break;
                    }
                    RetransmitTimer.Cancel();
                    TimeoutTimer.Cancel();
                    FinalPassedUp = true;
                    SetOutcome(TransactionOutcome.Completed);
                    State = TransactionState.Completed;
                    if (IsReliable)
                        terminate = true; // Timer K is 0 on reliable transports.
                    else
                        TimeoutTimer = Schedule(Options.T4, TransactionTimer.K);
                    break;

                case TransactionState.Completed:
                    Layer.Metrics.Absorbed.Add();
                    return TransactionDisposition.Absorbed;

                default:
                    return TransactionDisposition.Dropped;
            }
        }
        return PassUp(response, terminate);
    }

    private protected override void OnTimer(TransactionTimer timer)
    {
        switch (timer)
        {
            case TransactionTimer.E:
                lock (Gate)
                {
                    if (State is not (TransactionState.Trying or TransactionState.Proceeding))
                        return;
                    // §17.1.2.2: double up to T2 while Trying; every T2 once Proceeding.
                    RetransmitInterval = State == TransactionState.Proceeding ? Options.T2 : Min(RetransmitInterval + RetransmitInterval, Options.T2);
                    RetransmitTimer = Schedule(RetransmitInterval, TransactionTimer.E);
                }
                Layer.Metrics.Retransmitted.Add();
                Transmit(Request.Memory);
                break;
            case TransactionTimer.F:
                TimeOutIn(TransactionState.Trying, TransactionState.Proceeding);
                break;
            case TransactionTimer.K:
                TerminateIn(TransactionState.Completed);
                break;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
