using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Palisade.Routing.Model;
using Palisade.Routing.State;
using Palisade.Sbc.Cdr;
using Palisade.Sbc.Hosting;
using Palisade.Sbc.Planning;
using Palisade.Sip.Dns;
using Palisade.Sip.Message;
using Palisade.Sip.Timers;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

/// <summary>
/// The B2BUA (DESIGN.md §2): the transaction user that turns each call into two independent dialogs. New INVITEs are
/// classified and routed against the current configuration snapshot; everything else finds its call through the
/// leg table. Requests that belong to no call (out-of-dialog OPTIONS, strays) go to <c>fallback</c>, the node's local
/// UAS. Each call is processed under its own lock; nothing here blocks on I/O.
/// </summary>
public sealed partial class CallEngine : ITransactionUser, IDisposable
{
    private static readonly UasCheckOptions InviteChecks = new(["100rel", "timer"], WillForward: true, CheckProxyRequire: true);

    private readonly CallEngineOptions _options;
    private readonly Func<PalisadeConfigModel> _config;
    private readonly ISipSender _sender;
    private readonly TimerWheel _wheel;
    private readonly TimeProvider _time;
    private readonly SipResolver? _resolver;
    private readonly ICallRecordSink _records;
    private readonly ITransactionUser _fallback;
    private readonly ILogger _log;
    private readonly CallPlanner _planner;
    private readonly RoutingState _state;
    /// <summary>Callee legs by Palisade's own Call-ID (unique).</summary>
    private readonly ConcurrentDictionary<string, CallLeg> _legs = new(StringComparer.Ordinal);

    /// <summary>
    /// Caller legs by the peer's Call-ID and tag: two peers may pick the same Call-ID, and RFC 3261 §12 identifies a
    /// dialog by Call-ID and tags. A tuple key: no string is built per lookup.
    /// </summary>
    private readonly ConcurrentDictionary<(string CallId, string Tag), CallLeg> _callerLegs = new();

    private readonly ConcurrentDictionary<(string Host, ListenerBinding Listener), (string ViaSentBy, string Contact)> _addresses = new();
    private readonly SbcMetrics _metrics = new();
    private TransactionLayer? _transactions;
    private IReadOnlyList<ListenerBinding> _listeners = [];
    private int _activeCalls;

    public CallEngine(CallEngineOptions options, Func<PalisadeConfigModel> config, ISipSender sender, TimerWheel wheel,
        SipResolver? resolver, RoutingState state, ICallRecordSink records, ITransactionUser fallback, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(wheel);
        _state = state;
        _planner = new CallPlanner(state);
        _ticker = new ProbeTicker(this);
        // A fresh key per process: nonces from before a restart are answered with a new challenge.
        _digest = new Sip.Auth.DigestServer(config().Node.Fqdn, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), wheel.TimeProvider, TimeSpan.FromMinutes(5));
        _options = options;
        _config = config;
        _sender = sender;
        _wheel = wheel;
        _time = wheel.TimeProvider;
        _resolver = resolver;
        _records = records;
        _fallback = fallback;
        _log = logger;
    }

    /// <summary>Calls between their first INVITE and their end.</summary>
    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>Dialog legs still known (ended calls linger briefly to absorb retransmissions).</summary>
    public int LegCount => _legs.Count + _callerLegs.Count;

    internal CallEngineOptions Options => _options;

    private TransactionLayer Transactions => _transactions ?? throw new InvalidOperationException("the engine is not attached to a transaction layer");

    /// <summary>Stops probing and releases the engine's meter (after the transports stopped).</summary>
    public void Dispose()
    {
        StopProbes();
        _metrics.Dispose();
    }

    /// <summary>Connects the engine to the transaction layer it serves (before the transports start).</summary>
    public void Attach(TransactionLayer transactions) => _transactions = transactions;

    /// <summary>The listeners legs send from, once bound (until then a new INVITE is answered 500).</summary>
    public void BindListeners(IReadOnlyList<ListenerBinding> listeners) => _listeners = listeners;

    public void OnRequest(ServerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        SipMessage request = transaction.Request;
        try
        {
            if (request.Method == SipMethod.Cancel)
            {
                if (transaction.CancelledInvite?.UserState is Call cancelled)
                    OnCancel(cancelled, transaction);
                else
                    _fallback.OnRequest(transaction);
                return;
            }
            if (request.ToTag is null)
            {
                if (request.Method == SipMethod.Invite)
                    OnNewInvite(transaction);
                else
                    _fallback.OnRequest(transaction);
                return;
            }
            if (FindLeg(request) is { } leg)
                OnInDialogRequest(leg, transaction);
            else if (request.Method == SipMethod.Invite)
                transaction.Respond(481, "Call/Transaction Does Not Exist"); // a re-INVITE of no dialog (§12.2.2)
            else
                _fallback.OnRequest(transaction);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in one call must not take the listener down: answer what can be answered and log it.
            _log.LogError(ex, "call engine failed on {Method} {CallId}", request.MethodText, request.CallId);
            if (!transaction.HasFinalResponse && request.Method != SipMethod.Ack)
                transaction.Respond(500, "Server Internal Error", ResponseTags.New());
        }
    }

    public void OnAck(SipInbound ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (FindLeg(ack.Message) is { } leg)
            Guard(leg.Call, (leg, ack.Message), static (e, s) => e.OnAckForLeg(s.leg, s.Message));
        else
            _fallback.OnAck(ack);
    }

    public void OnResponse(ClientTransaction transaction, SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        switch (transaction.UserState)
        {
            case CallAttempt attempt:
                Guard(attempt.Call, (attempt, transaction, response), static (e, s) => e.OnAttemptResponse(s.attempt, s.transaction, s.response));
                break;
            case RelayedRequest relay:
                Guard(relay.Call, (relay, response), static (e, s) => e.OnRelayedResponse(s.relay, s.response));
                break;
            case LocalRequest local:
                Guard(local.Leg.Call, (local, transaction, response), static (e, s) => e.OnLocalResponse(s.local, s.transaction, s.response));
                break;
            case ProbeRequest probe:
                OnProbeAnswer(probe, response.StatusCode);
                break;
            case RegisterRequest register:
                OnRegisterAnswer(register, response, response.StatusCode);
                break;
            default:
                _fallback.OnResponse(transaction, response);
                break;
        }
    }

    public void OnStrayResponse(SipInbound response)
    {
        ArgumentNullException.ThrowIfNull(response);
        SipMessage m = response.Message;
        // A 2xx to one of our INVITEs whose transaction is gone: a retransmission (re-send our ACK) or a late or forked
        // answer (ACK it and hang it up), §13.2.2.4.
        if (m.CSeqMethod == SipMethod.Invite && m.StatusCode is >= 200 and < 300 && _legs.TryGetValue(m.CallId, out CallLeg? leg))
            Guard(leg.Call, (leg, m), static (e, s) => e.OnStray2xx(s.leg, s.m));
        else
            _fallback.OnStrayResponse(response);
    }

    public void OnTimeout(SipTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        switch (transaction.UserState)
        {
            case CallAttempt attempt:
                Guard(attempt.Call, attempt, static (e, a) => e.OnAttemptFailed(a, 408, null, "no answer from " + a.Target.Trunk.Id + " (timeout)"));
                break;
            case RelayedRequest relay:
                Guard(relay.Call, relay, static (e, r) => e.OnRelayFailed(r, 408));
                break;
            case LocalRequest local:
                Guard(local.Leg.Call, local, static (e, l) => e.OnLocalFailed(l, 408));
                break;
            case ProbeRequest probe:
                OnProbeAnswer(probe, 408);
                break;
            case RegisterRequest register:
                OnRegisterAnswer(register, null, 408);
                break;
            case Call:
                // Timer H on the caller's INVITE after a non-2xx final: the call already ended with that answer.
                break;
            default:
                _fallback.OnTimeout(transaction);
                break;
        }
    }

    public void OnTransportError(SipTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        switch (transaction.UserState)
        {
            case CallAttempt attempt:
                Guard(attempt.Call, attempt, static (e, a) => e.OnAttemptFailed(a, 503, null, "transport error towards " + a.Target.Trunk.Id));
                break;
            case RelayedRequest relay:
                Guard(relay.Call, relay, static (e, r) => e.OnRelayFailed(r, 503));
                break;
            case LocalRequest local:
                Guard(local.Leg.Call, local, static (e, l) => e.OnLocalFailed(l, 503));
                break;
            case ProbeRequest probe:
                OnProbeAnswer(probe, 503);
                break;
            case RegisterRequest register:
                OnRegisterAnswer(register, null, 503);
                break;
            case Call call:
                // A response to the caller could not be delivered: the caller is gone.
                Guard(call, call, static (e, c) => e.Teardown(c, 503, "transport-error", "sbc", null));
                break;
            default:
                _fallback.OnTransportError(transaction);
                break;
        }
    }

    internal void OnCallTimer(Call call, CallTimer timer) => Guard(call, (call, timer), static (e, s) => e.OnTimer(s.call, s.timer));

    private CallLeg? FindLeg(SipMessage message)
    {
        // A callee leg is keyed by Palisade's own Call-ID; a caller leg by the peer's Call-ID and the peer's tag (the
        // From tag of any request the peer sends). Responses find their transaction, never the leg table.
        if (_legs.TryGetValue(message.CallId, out CallLeg? leg))
            return leg;
        return _callerLegs.TryGetValue((message.CallId, message.FromTag ?? ""), out leg) ? leg : null;
    }

    /// <summary>Runs <paramref name="work"/> under the call's lock, so both legs and the timers of a call never interleave.</summary>
    private void Guard<TState>(Call call, TState state, Action<CallEngine, TState> work)
    {
        // Static lambdas and a value-tuple state: no closure is allocated per message.
        lock (call)
        {
            try
            {
                work(this, state);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log.LogError(ex, "call {Call} failed; tearing it down", call.Id);
                Teardown(call, 500, "failed", "sbc", null);
            }
        }
    }
}
