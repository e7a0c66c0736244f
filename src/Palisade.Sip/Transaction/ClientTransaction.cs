using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>A client transaction (RFC 3261 §17.1): sends a request, retransmits it, and matches its responses.</summary>
public abstract class ClientTransaction : SipTransaction
{
    private protected bool FinalPassedUp;

    /// <summary>The current retransmission interval: T1, doubled per Timer A/E firing (§17.1.1.2, §17.1.2.2).</summary>
    private protected TimeSpan RetransmitInterval;

    private protected ClientTransaction(TransactionLayer layer, TransactionKey key, SipMessage request, SipDestination destination, TransactionState initial)
        : base(layer, key, request, destination, initial)
    {
    }

    /// <summary>The next hop the request was sent to; responses are matched by branch, not by source (§17.1.3).</summary>
    public SipDestination Destination => Peer;

    /// <summary>The status of the last response passed up, or 0.</summary>
    public int LastStatus { get; private protected set; }

    private protected override bool ReportsTransportError => !FinalPassedUp;

    /// <summary>
    /// A response generated locally for this request, as §8.1.3.1 asks for a timeout (408) or a transport error (503):
    /// lets the TU handle "no answer" like any final response. Allocates; only for the failure path.
    /// </summary>
    public SipMessage CreateLocalResponse(int status)
    {
        using SipMessageWriter w = SipResponses.Start(Request, status);
        return SipParser.ParseFramed(w.Finish(), out _)
            ?? throw new InvalidOperationException("the local response could not be parsed");
    }

    /// <summary>
    /// The CANCEL for this request (§9.1), to send with <see cref="TransactionLayer.CreateClientTransaction(SipMessage, SipDestination, object?)"/>
    /// to <see cref="Destination"/>. Only for INVITE, and only once a provisional response arrived (§9.1).
    /// </summary>
    public byte[] CreateCancel()
    {
        if (Method != SipMethod.Invite)
            throw new InvalidOperationException("only an INVITE can be cancelled");
        return ClientRequests.Cancel(Request);
    }

    internal abstract void Start();

    /// <summary>Outside the gate: hands a response to the TU, then ends the transaction if its state machine says so.</summary>
    private protected TransactionDisposition PassUp(SipMessage response, bool terminate)
    {
        Layer.User.OnResponse(this, response);
        if (terminate)
            Terminate(TransactionOutcome.Completed);
        return TransactionDisposition.Response;
    }

    /// <summary>
    /// Arms the retransmission timer (unreliable transports only) and the transaction timeout, then sends: Timers A
    /// and B for INVITE (§17.1.1.2), E and F for the rest (§17.1.2.2).
    /// </summary>
    private protected void StartSending(TransactionTimer retransmit, TransactionTimer timeout)
    {
        lock (Gate)
        {
            if (!IsReliable)
            {
                RetransmitInterval = Options.T1;
                RetransmitTimer = Schedule(RetransmitInterval, retransmit);
            }
            TimeoutTimer = Schedule(Options.TimeoutInterval, timeout);
        }
        Transmit(Request.Memory);
    }

    internal abstract TransactionDisposition OnResponse(SipMessage response);
}
