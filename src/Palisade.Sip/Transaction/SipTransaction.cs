using Palisade.Sip.Message;
using Palisade.Sip.Timers;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// What the four RFC 3261 §17 state machines share: the request, the peer, the timers on the wheel, sending with
/// transport-error handling (§17.1.4, §17.2.4) and removal from the layer on termination.
/// </summary>
/// <remarks>
/// Concurrency: each transaction has its own lock. State changes are decided under it; sends and TU callbacks happen
/// after it is released, so a TU may call back into the transaction from a callback. Messages of one call arrive in
/// order on its shard; the only other thread is the timer wheel's, and every timer handler re-checks the state,
/// because a timer can fire just as a message moves the transaction on.
/// </remarks>
public abstract class SipTransaction : ITimerTarget
{
    private protected readonly Lock Gate = new();
    private protected TimerHandle RetransmitTimer;
    private protected TimerHandle TimeoutTimer;
    private protected TimerHandle TryingTimer;
    private volatile TransactionState _state;

    private protected SipTransaction(TransactionLayer layer, TransactionKey key, SipMessage request, SipDestination peer, TransactionState initial)
    {
        Layer = layer;
        Key = key;
        _request = request;
        Method = request.Method;
        CallId = request.CallId;
        Branch = request.TopVia?.Branch;
        Peer = peer;
        _state = initial;
    }

    private SipMessage? _request;

    /// <summary>
    /// The request that created the transaction (sent, for a client; received, for a server). A completed non-INVITE
    /// server transaction releases it (see <see cref="ReleaseRequest"/>); reading it after that throws.
    /// </summary>
    public SipMessage Request => _request ?? throw new InvalidOperationException("the request was released when the transaction completed");

    /// <summary>False once a completed transaction has released its request.</summary>
    public bool HasRequest => _request is not null;

    public SipMethod Method { get; }

    public string CallId { get; }

    /// <summary>The branch of the request's top Via, or null for an RFC 2543 request.</summary>
    public string? Branch { get; }

    /// <summary>
    /// Drops the parsed request once only retransmission absorption remains (§17.2.2 Completed: re-send the last
    /// response until Timer J). The parsed request is most of a transaction's memory (~5 KB) and Timer J keeps it 32 s,
    /// so at 2,000 requests/s this is the difference of ~100 MB. RFC 2543 transactions keep it: their matching reads it.
    /// </summary>
    private protected virtual void ReleaseRequest()
    {
        if (!Key.IsLegacy)
            _request = null;
    }

    public TransactionState State
    {
        get => _state;
        private protected set => _state = value;
    }

    public TransactionOutcome Outcome { get; private set; }

    public bool IsTerminated => _state == TransactionState.Terminated;

    /// <summary>Reliable transports need no retransmissions and no waiting states (§17.1.1.2, §17.2.1).</summary>
    public bool IsReliable => Peer.Transport.IsReliable();

    /// <summary>The TU's context for this transaction (the call leg), set before any callback can mention it.</summary>
    public object? UserState { get; set; }

    internal TransactionKey Key { get; }

    internal TransactionLayer Layer { get; }

    /// <summary>Where this transaction sends: the next hop (client) or the request's source (server).</summary>
    private protected SipDestination Peer { get; set; }

    private protected TransactionOptions Options => Layer.Options;

    /// <summary>True once the TU has its answer, so a later transport error is not reported again.</summary>
    private protected virtual bool ReportsTransportError => true;

    void ITimerTarget.OnTimer(int tag) => OnTimer((TransactionTimer)tag);

    private protected abstract void OnTimer(TransactionTimer timer);

    private protected TimerHandle Schedule(TimeSpan delay, TransactionTimer timer) => Layer.Wheel.Schedule(delay, this, (int)timer);

    /// <summary>Under <see cref="Gate"/>: moves to Terminated and cancels every timer. False when already terminated.</summary>
    private protected bool MarkTerminated(TransactionOutcome outcome)
    {
        if (_state == TransactionState.Terminated)
            return false;
        _state = TransactionState.Terminated;
        if (Outcome == TransactionOutcome.None)
            Outcome = outcome;
        RetransmitTimer.Cancel();
        TimeoutTimer.Cancel();
        TryingTimer.Cancel();
        return true;
    }

    /// <summary>Under <see cref="Gate"/>: records the outcome without terminating (a final response went through).</summary>
    private protected void SetOutcome(TransactionOutcome outcome)
    {
        if (Outcome == TransactionOutcome.None)
            Outcome = outcome;
    }

    /// <summary>Terminates and removes the transaction; true when this call did it.</summary>
    private protected bool Terminate(TransactionOutcome outcome)
    {
        bool done;
        lock (Gate)
            done = MarkTerminated(outcome);
        if (done)
            Layer.Remove(this);
        return done;
    }

    /// <summary>A waiting timer (D, I, J, K, L, M) fired: terminate if still in <paramref name="expected"/>.</summary>
    private protected void TerminateIn(TransactionState expected)
    {
        bool done;
        lock (Gate)
            done = State == expected && MarkTerminated(TransactionOutcome.Completed);
        if (!done)
            return;
        Layer.Remove(this);
        // Ended normally (Timers D, I, J, K, L, M): nothing will read the request again, but the TU may keep this
        // object for a call's whole life (a B2BUA keeps the INVITE transactions of its legs), so drop the ~5 KB now.
        lock (Gate)
            ReleaseOnEnd();
    }

    /// <summary>Under <see cref="Gate"/>, once terminated normally: drop what only retransmissions needed.</summary>
    private protected virtual void ReleaseOnEnd() => ReleaseRequest();

    /// <summary>Timer B, F, H or a guard fired: if still in one of the expected states, terminate and tell the TU.</summary>
    private protected void TimeOutIn(TransactionState expected, TransactionState orExpected = TransactionState.Terminated)
    {
        bool done;
        lock (Gate)
        {
            done = (State == expected || State == orExpected) && MarkTerminated(TransactionOutcome.Timeout);
            if (done)
                Outcome = TransactionOutcome.Timeout; // Timer H follows a final response that was sent: still a failure.
        }
        if (!done)
            return;
        Layer.Remove(this);
        Layer.Metrics.Timeouts.Add();
        Layer.User.OnTimeout(this);
    }

    /// <summary>
    /// Hands bytes to the transport. UDP sends complete synchronously, so the common path allocates nothing; a stream
    /// send that completes later reports its failure from its own continuation.
    /// </summary>
    private protected void Transmit(ReadOnlyMemory<byte> bytes)
    {
        ValueTask<bool> pending;
        try
        {
            pending = Layer.Sender.SendAsync(Peer, bytes);
        }
#pragma warning disable CA1031 // A throwing transport is a transport error (§17.1.4), not a crash of the caller.
        catch (Exception)
#pragma warning restore CA1031
        {
            OnSendFailed();
            return;
        }
        if (pending.IsCompletedSuccessfully)
        {
            if (!pending.Result)
                OnSendFailed();
            return;
        }
        _ = AwaitSend(pending);
    }

    private async Task AwaitSend(ValueTask<bool> pending)
    {
        bool sent;
        try
        {
            sent = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // See Transmit.
        catch (Exception)
#pragma warning restore CA1031
        {
            sent = false;
        }
        if (!sent)
            OnSendFailed();
    }

    /// <summary>§17.1.4 / §17.2.4: a transport failure terminates the transaction and is reported to the TU.</summary>
    private void OnSendFailed()
    {
        bool report;
        lock (Gate)
        {
            report = ReportsTransportError;
            if (!MarkTerminated(TransactionOutcome.TransportError))
                return;
        }
        Layer.Remove(this);
        Layer.Metrics.TransportErrors.Add();
        if (report)
            Layer.User.OnTransportError(this);
    }

    public override string ToString() => GetType().Name + " " + Key.ToString() + " " + State.ToString();
}
