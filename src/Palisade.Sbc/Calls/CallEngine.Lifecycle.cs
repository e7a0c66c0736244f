using Microsoft.Extensions.Logging;
using Palisade.Sbc.Cdr;
using Palisade.Sbc.Planning;
using Palisade.Sbc.Signalling;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

public sealed partial class CallEngine
{
    /// <summary>How long an ended call's legs stay known: long enough for every retransmission of its last messages (64·T1).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(32);

    /// <summary>
    /// Ends a call from Palisade's side or after one leg ended: BYE on every confirmed leg but <paramref name="except"/>,
    /// or, before the answer, a final response to the caller and a CANCEL to the callee.
    /// </summary>
    private void Teardown(Call call, int status, string cause, string endedBy, CallLeg? except)
    {
        if (call.Ended)
            return;
        if (call.Answered is null)
        {
            if (call.Current is { } attempt)
                AbandonAttempt(attempt, status >= 300 ? status : 487, cause, endedBy);
            if (!call.CallerInvite.HasFinalResponse)
                call.CallerInvite.Respond(status >= 300 ? status : 500, null, call.Caller.LocalTag);
            EndCall(call, status >= 300 ? status : 500, cause, endedBy);
            return;
        }
        string reason = "SIP;cause=" + status.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";text=\"" + cause + "\"";
        foreach (CallLeg leg in (ReadOnlySpan<CallLeg>)[call.Caller, call.Answered.Leg])
        {
            if (leg == except || leg.Terminated)
                continue;
            leg.Terminated = true;
            // A leg whose 2xx is not yet ACKed still gets its BYE: the dialog exists from the 2xx on (§15).
            SendBye(leg, cause == "normal" ? null : reason);
        }
        EndCall(call, 200, cause, endedBy);
    }

    /// <summary>Marks the call ended, stops its timers, writes its records and releases what it held.</summary>
    private void EndCall(Call call, int status, string cause, string endedBy)
    {
        if (call.Ended)
            return;
        call.Phase = CallPhase.Ended;
        DateTimeOffset now = _time.GetUtcNow();
        call.MaxDurationTimer.Cancel();
        call.Timer1xx.Cancel();
        call.Caller.SessionTimer.Cancel();
        foreach (CallAttempt a in call.Attempts)
        {
            a.SetupTimer.Cancel();
            a.Leg.SessionTimer.Cancel();
            if (!a.Recorded)
                WriteAttemptRecord(call, a, a.FinalStatus != 0 ? a.FinalStatus : status, cause, endedBy);
        }
        _records.Write(CallRecords.ForCall(call, status, cause, endedBy, now));
        ReleaseTrunkSlot(call);
        if (call.TenantAdmitted && call.Plan?.Tenant is { } tenant)
        {
            call.TenantAdmitted = false;
            _state.GetTenant(tenant.Id).Release();
        }
        Interlocked.Decrement(ref _activeCalls);
        _metrics.CallsEnded.Add(1);
        _log.LogDebug("call {Call} ended: {Status} {Cause} by {Side} ({Trail})", call.Id, status, cause, endedBy, call.Trail);
        // The legs stay in the table a while: a retransmitted BYE, ACK or 2xx still finds its call (and gets 481/200).
        _wheel.Schedule(Linger, call, (int)CallTimer.Linger);
    }

    private void WriteAttemptRecord(Call call, CallAttempt attempt, int status, string cause, string endedBy)
    {
        if (attempt.Recorded)
            return;
        attempt.Recorded = true;
        _records.Write(CallRecords.ForAttempt(call, attempt, status, cause, endedBy, _time.GetUtcNow()));
    }

    private void WriteRejectedRecord(Routing.Model.PalisadeConfigModel config, Routing.Model.TrunkModel source, string calling, string called,
        DateTimeOffset now, PlanResult result, string sipCallId)
    {
        _records.Write(new CallRecord
        {
            RecordId = CallIds.NewCallId(),
            Kind = CallRecordKind.Call,
            CallId = CallIds.NewCallId(),
            Node = config.Node.Name,
            InTrunk = source.Id,
            CallingIn = calling,
            CalledIn = called,
            SetupAt = now,
            EndAt = now,
            Status = result.Status,
            Cause = result.Status == 503 ? "limit" : CauseFor(result.Status),
            EndedBy = "sbc",
            Trail = result.Reason,
            InSipCallId = sipCallId,
        });
    }

    private void OnTimer(Call call, CallTimer timer)
    {
        switch (timer)
        {
            case CallTimer.Setup:
                if (call.Current is { Abandoned: false, Provisional: false } attempt && !call.Ended)
                {
                    // No provisional in time: the target is treated as dead; a late provisional gets a CANCEL.
                    attempt.CancelWhenProvisional = true;
                    OnAttemptFailed(attempt, 408, null, "no answer from " + attempt.Target.Trunk.Id + " within the setup timeout");
                }
                break;
            case CallTimer.Retransmit2xxCaller:
                Retransmit2xx(call.Caller);
                break;
            case CallTimer.Retransmit2xxCallee:
                if (call.Callee is { } callee)
                    Retransmit2xx(callee);
                break;
            case CallTimer.Retransmit1xx:
                Retransmit1xx(call);
                break;
            case CallTimer.MaxDuration:
                Teardown(call, 200, "max-duration", "sbc", null);
                break;
            case CallTimer.SessionCaller:
                OnSessionTimer(call.Caller);
                break;
            case CallTimer.SessionCallee:
                if (call.Callee is { } c)
                    OnSessionTimer(c);
                break;
            case CallTimer.Linger:
                Forget(call);
                break;
        }
    }

    private void Retransmit2xx(CallLeg leg)
    {
        if (leg.Pending2xx is not { } response || leg.Call.Ended && leg.Terminated)
            return;
        leg.Waited2xx += leg.Retransmit2xxInterval;
        if (IsReliable(leg) || leg.Waited2xx >= 64 * _options.T1)
        {
            // §13.3.1.4: no ACK within 64·T1 — the peer is gone; end the call on both legs.
            leg.Pending2xx = null;
            Teardown(leg.Call, 408, "no-ack", "sbc", null);
            return;
        }
        leg.Pending2xxTransaction?.SendResponse(response);
        // Doubling up to T2, and never past the 64·T1 deadline, so the no-ACK verdict comes at 32 s, not later.
        long next = Math.Min(leg.Retransmit2xxInterval.Ticks * 2, _options.T2.Ticks);
        leg.Retransmit2xxInterval = TimeSpan.FromTicks(Math.Min(next, (64 * _options.T1 - leg.Waited2xx).Ticks));
        CallTimer tag = leg.Role == LegRole.Caller ? CallTimer.Retransmit2xxCaller : CallTimer.Retransmit2xxCallee;
        leg.Timer2xx = _wheel.Schedule(leg.Retransmit2xxInterval, leg.Call, (int)tag);
    }

    private void Retransmit1xx(Call call)
    {
        if (call.CallerReliable1xx is not { } response || call.Ended || call.CallerInvite.HasFinalResponse)
            return;
        call.Waited1xx += call.Retransmit1xxInterval;
        if (call.Waited1xx >= 64 * _options.T1)
        {
            // RFC 3262 §3: never PRACKed — stop retransmitting; the call goes on unreliably.
            call.CallerReliable1xx = null;
            return;
        }
        call.CallerInvite.SendResponse(response);
        call.Retransmit1xxInterval *= 2;
        call.Timer1xx = _wheel.Schedule(call.Retransmit1xxInterval, call, (int)CallTimer.Retransmit1xx);
    }

    private void ScheduleSessionTimer(CallLeg leg)
    {
        leg.SessionTimer.Cancel();
        if (leg.SessionExpires <= TimeSpan.Zero || leg.Call.Ended)
            return;
        // RFC 4028 §10: the refresher refreshes at half the interval; the other side gives up at the interval minus
        // min(32 s, interval/3).
        TimeSpan guard = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(32).Ticks, leg.SessionExpires.Ticks / 3));
        TimeSpan delay = leg.WeRefresh ? leg.SessionExpires / 2 : leg.SessionExpires - guard;
        CallTimer tag = leg.Role == LegRole.Caller ? CallTimer.SessionCaller : CallTimer.SessionCallee;
        leg.SessionTimer = _wheel.Schedule(delay, leg.Call, (int)tag);
    }

    private void OnSessionTimer(CallLeg leg)
    {
        if (leg.Call.Ended || leg.Terminated || leg.SessionExpires <= TimeSpan.Zero)
            return;
        if (!leg.WeRefresh)
        {
            _log.LogInformation("call {Call}: the {Role} leg was not refreshed within its session interval; ending the call", leg.Call.Id, leg.Role);
            Teardown(leg.Call, 408, "session-timer", "sbc", null);
            return;
        }
        if (leg.PendingOffer is not null || leg.PendingIncomingOffer is not null)
        {
            // An offer is in progress on this leg: it refreshes the session too; look again shortly.
            leg.SessionTimer = _wheel.Schedule(TimeSpan.FromSeconds(2), leg.Call, (int)(leg.Role == LegRole.Caller ? CallTimer.SessionCaller : CallTimer.SessionCallee));
            return;
        }
        SendRefresh(leg);
        // Re-armed when the refresh is answered; this bound ends the call if it never is.
        leg.SessionTimer = _wheel.Schedule(leg.SessionExpires / 2, leg.Call, (int)(leg.Role == LegRole.Caller ? CallTimer.SessionCaller : CallTimer.SessionCallee));
    }

    /// <summary>A session refresh on one leg only: UPDATE without SDP where the peer allows it, else a re-INVITE with our unchanged SDP.</summary>
    private void SendRefresh(CallLeg leg)
    {
        bool update = leg.PeerAllowsUpdate;
        using SipMessageWriter w = LegRequests.InDialog(leg, update ? "UPDATE" : "INVITE");
        LegRequests.Capabilities(w, leg, _options.Product);
        w.Header(HeaderId.SessionExpires, SessionExpiresValue(leg.SessionExpires, "uac"));
        if (!update && leg.LastSdpSent is { } sdp)
            w.Finish(sdp, "application/sdp");
        else
            w.Finish();
        ClientTransaction tx = Transactions.CreateClientTransaction(w.ToArray(), leg.Peer, new LocalRequest(leg, LocalRequestKind.Refresh, leg.LocalCSeq));
        if (!tx.IsTerminated)
            leg.PendingOffer = tx;
    }

    private void ScheduleMaxDuration(Call call)
    {
        if (MaxDuration(call) is { } limit)
            call.MaxDurationTimer = _wheel.Schedule(limit, call, (int)CallTimer.MaxDuration);
    }

    /// <summary>The tenant's maximum call duration, else the node's; null = unlimited.</summary>
    private static TimeSpan? MaxDuration(Call call) => call.Config.MaxCallDurationFor(call.Plan?.Tenant);

    private void Forget(Call call)
    {
        _callerLegs.TryRemove((call.Caller.SipCallId, call.Caller.RemoteTag ?? ""), out _);
        foreach (CallAttempt a in call.Attempts)
            _legs.TryRemove(a.Leg.SipCallId, out _);
    }
}
