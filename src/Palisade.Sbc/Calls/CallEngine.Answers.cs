using System.Text;
using Palisade.Sbc.Signalling;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

public sealed partial class CallEngine
{
    /// <summary>A response to an attempt's INVITE.</summary>
    private void OnAttemptResponse(CallAttempt attempt, ClientTransaction tx, SipMessage response)
    {
        _ = tx;
        int status = response.StatusCode;
        if (status is >= 200 and < 300)
        {
            OnCalleeAnswered(attempt, response);
            return;
        }
        if (status < 200)
        {
            attempt.Provisional = true;
            attempt.SetupTimer.Cancel();
            // §9.1: a CANCEL may only follow a provisional; one was owed since the caller cancelled or the setup timed out.
            if (attempt.CancelWhenProvisional && !attempt.CancelSent)
                SendCancel(attempt);
        }
        if (attempt.Abandoned || attempt.Call.Ended)
            return;
        if (status < 200)
            OnProvisional(attempt, response);
        else
            OnAttemptFailed(attempt, status, response, null);
    }

    private void OnProvisional(CallAttempt attempt, SipMessage response)
    {
        Call call = attempt.Call;
        CallLeg leg = attempt.Leg;
        if (response.StatusCode == 100)
            return;
        if (response.ToTag is { } tag)
        {
            // An early dialog (§12.1): remember it for PRACK and early UPDATE/INFO. Forked 18x replace each other here;
            // the caller sees one early dialog whose SDP version rises (forking stays hidden).
            leg.RemoteTag = tag;
            leg.RemoteTarget = HeaderLists.ContactUri(response) ?? leg.RemoteTarget;
            leg.RouteSet = ReversedRecordRoute(response);
        }
        if (response.HasOptionTag(HeaderId.Require, "100rel"u8) && response.Has(HeaderId.RSeq) && leg.RemoteTarget is not null)
            SendPrack(leg, response);

        DateTimeOffset now = _time.GetUtcNow();
        attempt.RingAt ??= now;
        call.RingAt ??= now;
        if (call.Phase == CallPhase.Setup)
            call.Phase = CallPhase.Early;
        if (IsSdp(response))
            leg.LastSdpReceived = SdpFingerprint.Of(response.Body);
        RelayProvisionalToCaller(call, response);
    }

    private void RelayProvisionalToCaller(Call call, SipMessage response)
    {
        CallLeg caller = call.Caller;
        bool hasSdp = response.BodyLength > 0 && IsSdp(response);
        // RFC 3262 per leg: the caller's own 100rel preference decides, whatever the callee did on its leg.
        bool reliable = call.CallerRequires100rel || (call.CallerSupports100rel && hasSdp);
        if (reliable && call.CallerReliable1xx is not null)
        {
            // §3: no new reliable provisional with a session description before the previous one is PRACKed.
            if (hasSdp)
                return;
            reliable = false;
        }
        using SipMessageWriter w = SipResponses.Start(call.CallerInvite.Request, response.StatusCode, Reason(response), caller.LocalTag);
        w.Header(HeaderId.Contact, caller.Contact);
        w.Header(HeaderId.Allow, SipCapabilities.Allow);
        if (reliable)
        {
            w.Header(HeaderId.Require, "100rel");
            w.Header(HeaderId.RSeq, caller.NextRSeq);
            call.CallerReliableRSeq = caller.NextRSeq++;
        }
        HeaderRelay.CopyEndToEnd(w, response, call.Current!.Target.Trunk, caller.Trunk);
        FinishWithBody(w, response, caller);
        byte[] bytes = w.ToArray();
        call.CallerInvite.SendResponse(bytes);
        if (reliable && caller.Peer.Transport == SipTransportKind.Udp)
        {
            call.CallerReliable1xx = bytes;
            call.Retransmit1xxInterval = _options.T1;
            call.Waited1xx = TimeSpan.Zero;
            call.Timer1xx = _wheel.Schedule(_options.T1, call, (int)CallTimer.Retransmit1xx);
        }
        else if (reliable)
        {
            call.CallerReliable1xx = bytes; // reliable transport: sent once, still awaiting the PRACK
        }
    }

    private void OnCalleeAnswered(CallAttempt attempt, SipMessage response)
    {
        Call call = attempt.Call;
        CallLeg leg = attempt.Leg;
        if (call.Answered == attempt)
        {
            // The same 2xx again (RFC 6026 passes retransmissions up): re-send the ACK. Another fork's 2xx: hang it up.
            if (string.Equals(response.ToTag, leg.RemoteTag, StringComparison.Ordinal))
                ResendAck(leg);
            else
                AckAndHangUp(leg, response);
            return;
        }
        if (attempt.Abandoned || call.Ended || call.Answered is not null || call.CallerCancelled)
        {
            // Too late (cancelled, timed out, or another attempt won): the callee must not ring on alone (§15).
            AckAndHangUp(leg, response);
            return;
        }

        attempt.SetupTimer.Cancel();
        attempt.Provisional = true;
        attempt.FinalStatus = response.StatusCode;
        leg.RemoteTag = response.ToTag;
        leg.RemoteTarget = HeaderLists.ContactUri(response) ?? leg.RemoteTarget ?? leg.Peer.ToString();
        leg.RouteSet = ReversedRecordRoute(response);
        leg.PeerAllowsUpdate = AllowsUpdate(response);
        if (IsSdp(response))
            leg.LastSdpReceived = SdpFingerprint.Of(response.Body);
        if (response.SessionExpiresRequested(out TimeSpan se, out string? refresher))
        {
            leg.SessionExpires = se;
            // We are the UAC on this leg: refresher=uac (or none, RFC 4028 §7.2) means Palisade refreshes.
            leg.WeRefresh = refresher != "uas";
        }

        call.Answered = attempt;
        call.Phase = CallPhase.Answered;
        // The INVITE's client transaction lives on in the layer until Timer M; the call needs nothing more of it.
        attempt.Invite = null;
        call.AnswerAt = _time.GetUtcNow();
        call.Tried(attempt.Target.Trunk.Id, response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!call.CallerOfferless)
        {
            leg.Acked = true;
            ResendAck(leg);
        }
        ScheduleSessionTimer(leg);
        StopReliableProvisional(call);
        AnswerCaller(call, response);
        ScheduleMaxDuration(call);
    }

    private void AnswerCaller(Call call, SipMessage response)
    {
        CallLeg caller = call.Caller;
        using SipMessageWriter w = SipResponses.Start(call.CallerInvite.Request, response.StatusCode, Reason(response), caller.LocalTag);
        LegRequests.Capabilities(w, caller, _options.Product);
        WriteSessionExpiresAsUas(w, caller);
        HeaderRelay.CopyEndToEnd(w, response, call.Answered!.Target.Trunk, caller.Trunk);
        FinishWithBody(w, response, caller);
        byte[] bytes = w.ToArray();
        call.CallerInvite.SendResponse(bytes);
        StartPending2xx(caller, call.CallerInvite, bytes);
        ScheduleSessionTimer(caller);
    }

    /// <summary>Session-Expires in a 2xx Palisade sends as UAS on <paramref name="leg"/>, and Require: timer when the peer refreshes (RFC 4028 §9).</summary>
    private static void WriteSessionExpiresAsUas(SipMessageWriter w, CallLeg leg)
    {
        if (leg.SessionExpires <= TimeSpan.Zero)
            return;
        w.Header(HeaderId.SessionExpires, SessionExpiresValue(leg.SessionExpires, leg.WeRefresh ? "uas" : "uac"));
        if (!leg.WeRefresh)
            w.Header(HeaderId.Require, "timer");
    }

    /// <summary>The caller's INVITE asked for a session timer: accept its interval and refresher (RFC 4028 §9).</summary>
    private static void NegotiateCallerSessionTimer(Call call, TimeSpan interval, string? refresher, SipMessage invite)
    {
        CallLeg caller = call.Caller;
        // Min-SE 90 s (RFC 4028 §5): a shorter interval is raised rather than refused with 422.
        caller.SessionExpires = interval < TimeSpan.FromSeconds(90) ? TimeSpan.FromSeconds(90) : interval;
        bool callerSupportsTimer = invite.HasOptionTag(HeaderId.Supported, "timer"u8);
        caller.WeRefresh = refresher switch
        {
            "uac" => false,
            "uas" => true,
            _ => !callerSupportsTimer,
        };
    }

    private void OnAttemptFailed(CallAttempt attempt, int status, SipMessage? response, string? reason)
    {
        Call call = attempt.Call;
        if (attempt.Abandoned || attempt.FinalStatus >= 200 || call.Ended)
            return;
        if (status is 401 or 407 && response is not null && !call.CallerCancelled && TryAuthenticate(attempt, response, status == 407))
            return;
        attempt.FinalStatus = status;
        attempt.Abandoned = true;
        attempt.SetupTimer.Cancel();
        call.Tried(attempt.Target.Trunk.Id, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WriteAttemptRecord(call, attempt, status, CauseFor(status), response is null ? "sbc" : "callee");
        if (call.CallerCancelled)
            return;

        if (status is >= 300 and < 400 && response is not null && attempt.Target.Trunk.Redirect == Routing.Model.RedirectMode.Follow
            && TryFollowRedirect(call, attempt, response))
            return;
        // 503 with Retry-After (RFC 3261 §21.5.4): that endpoint takes no calls for that long.
        if (status == 503 && response is not null && RetryAfter(response) is { } hold)
            _state.GetTrunk(attempt.Target.Trunk.Id).GetEndpoint(attempt.EndpointIndex).MarkDown(hold);

        // Never fail over once the callee refused for good (busy, decline) — RFC 3261 §21.4.7, §21.6.2.
        bool final = status is 486 or 600 or 603 or 604 or 606;
        bool failover = !final && (response is null || attempt.Target.FailoverCodes.Contains(status));
        var failure = new AttemptFailure(status, reason ?? (response is null ? null : Reason(response)), response, AllowsForward: failover);
        if (failover)
            StartNextAttempt(call, failure);
        else
            FailCall(call, failure);
    }

    /// <summary>
    /// A trunk redirected the call (3xx, RFC 3261 §8.1.3.4): Palisade follows the first Contact itself, through the same
    /// trunk's listener, so the caller never learns the redirect target; the number in it becomes the called number.
    /// Bounded by <see cref="CallEngineOptions.MaxRedirects"/> per call against redirect loops.
    /// </summary>
    private bool TryFollowRedirect(Call call, CallAttempt attempt, SipMessage response)
    {
        if (call.Redirects >= _options.MaxRedirects || HeaderLists.ContactUri(response) is not { } contact)
            return false;
        SipUri? uri = SipUri.TryParse(System.Text.Encoding.UTF8.GetBytes(contact));
        if (uri is null || !uri.IsSip || !System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out System.Net.IPAddress? address))
            return false; // a host name would need DNS towards a place the trunk did not name: pass the failure on instead
        Hosting.ListenerBinding listener = attempt.Leg.Listener;
        int port = uri.Port ?? listener.Transport.DefaultPort();
        call.Redirects++;
        Planning.PlannedTarget target = new()
        {
            Trunk = attempt.Target.Trunk,
            CalledOut = uri.User is { } user ? SipUri.Unescape(user) : attempt.Target.CalledOut,
            CallingOut = attempt.Target.CallingOut,
            DisplayName = attempt.Target.DisplayName,
            FailoverCodes = attempt.Target.FailoverCodes,
            IsForwardOnFailure = attempt.Target.IsForwardOnFailure,
        };
        var endpoint = new Routing.Model.EndpointModel
        {
            Host = uri.Host, Port = port, Transport = attempt.Target.Trunk.Endpoints[0].Transport, Priority = 0, Weight = 1,
        };
        var destination = new SipDestination(listener.Transport, new System.Net.IPEndPoint(address, port), 0, null,
            listener.Transport == SipTransportKind.Udp ? listener.Bound : null);
        SendAttemptInvite(call, target, endpoint, attempt.EndpointIndex, listener, destination, contact);
        return true;
    }

    /// <summary>
    /// A trunk with credentials challenged the INVITE (RFC 3261 §22.2): the same request again with an Authorization
    /// (or Proxy-Authorization) for the strongest challenge offered (RFC 8760), CSeq + 1 and a new branch — once per
    /// attempt, so wrong credentials end in the failure instead of a loop.
    /// </summary>
    private bool TryAuthenticate(CallAttempt attempt, SipMessage response, bool proxy)
    {
        if (attempt.Target.Trunk.Auth is not { } auth || attempt.Authenticated || attempt.Invite is not { HasRequest: true } invite)
            return false;
        if (Sip.Auth.DigestChallenge.SelectBest(response, proxy) is not { } challenge)
            return false;
        if (auth.Realm is { } realm && !string.Equals(realm, challenge.Realm, StringComparison.Ordinal))
            return false;
        attempt.Authenticated = true;
        attempt.Abandoned = false;
        attempt.FinalStatus = 0;
        CallLeg leg = attempt.Leg;
        leg.LocalCSeq++;
        leg.InviteCSeq = leg.LocalCSeq;
        byte[] retry = Sip.Auth.AuthorizedRequest.Create(invite.Request, challenge, new Sip.Auth.DigestCredentials(auth.Username, auth.Password), leg.LocalCSeq, BranchIds.New());
        attempt.SetupTimer.Cancel();
        attempt.SetupTimer = _wheel.Schedule(attempt.Target.Trunk.SetupTimeout, attempt.Call, (int)CallTimer.Setup);
        attempt.Provisional = false;
        attempt.Invite = Transactions.CreateClientTransaction(retry, invite.Destination, attempt);
        return true;
    }

    private static TimeSpan? RetryAfter(SipMessage response)
    {
        ReadOnlySpan<byte> value = response.GetValue(HeaderId.RetryAfter).Trim(" \t"u8);
        int end = value.IndexOfAnyExcept("0123456789"u8);
        if (end == 0 || !System.Buffers.Text.Utf8Parser.TryParse(end < 0 ? value : value[..end], out uint seconds, out _) || seconds == 0)
            return null;
        return TimeSpan.FromSeconds(Math.Min(seconds, 3600));
    }

    /// <summary>Every target failed: the caller gets the last answer (auth challenges never pass; redirects only from a trunk set to pass them).</summary>
    private void FailCall(Call call, AttemptFailure failure)
    {
        bool passRedirect = failure.Status is >= 300 and < 400 && call.Current?.Target.Trunk.Redirect == Routing.Model.RedirectMode.Pass;
        int status = failure.Status switch
        {
            401 or 407 => 403,
            >= 300 and < 400 when !passRedirect => 480,
            < 300 => 500,
            _ => failure.Status,
        };
        if (!call.CallerInvite.HasFinalResponse)
        {
            using SipMessageWriter w = SipResponses.Start(call.CallerInvite.Request, status, failure.Response is null ? null : failure.Reason, call.Caller.LocalTag);
            if (failure.Response is { } r)
            {
                HeaderRelay.CopyEndToEnd(w, r, call.Current!.Target.Trunk, call.Caller.Trunk);
                if (passRedirect)
                    w.CopyHeaders(r, HeaderId.Contact); // the trunk is set to pass redirects: the caller follows them
            }
            else if (failure.Reason is not null)
                w.Warning(call.Config.Node.Fqdn, failure.Reason);
            w.Header(HeaderId.Server, _options.Product);
            w.Finish();
            call.CallerInvite.SendResponse(w);
        }
        EndCall(call, status, CauseFor(status), failure.Response is null ? "sbc" : "callee");
    }

    private void OnCancel(Call call, ServerTransaction cancel)
    {
        lock (call)
        {
            // §9.2: the CANCEL itself is answered 200 at once; the INVITE gets 487 if it had no final answer yet.
            cancel.Respond(200, null, call.Caller.LocalTag);
            if (call.Answered is not null || call.Ended)
                return;
            call.CallerCancelled = true;
            call.CallerInvite.Respond(487, null, call.Caller.LocalTag);
            if (call.Current is { } attempt)
                AbandonAttempt(attempt, 487, "cancelled", "caller");
            EndCall(call, 487, "cancelled", "caller");
        }
    }

    /// <summary>Stops an attempt: CANCEL now if it may be sent (§9.1), else as soon as a provisional arrives.</summary>
    private void AbandonAttempt(CallAttempt attempt, int status, string cause, string endedBy)
    {
        if (attempt.Abandoned)
            return;
        attempt.Abandoned = true;
        attempt.FinalStatus = status;
        attempt.SetupTimer.Cancel();
        if (attempt.Provisional)
            SendCancel(attempt);
        else
            attempt.CancelWhenProvisional = true;
        WriteAttemptRecord(attempt.Call, attempt, status, cause, endedBy);
    }

    private void SendCancel(CallAttempt attempt)
    {
        if (attempt.Invite is not { } invite || attempt.CancelSent)
            return;
        attempt.CancelSent = true;
        Transactions.CreateClientTransaction(invite.CreateCancel(), invite.Destination, new LocalRequest(attempt.Leg, LocalRequestKind.Cancel, 1));
    }

    private void SendPrack(CallLeg leg, SipMessage response)
    {
        // RFC 3262 §7.2: RAck = RSeq, CSeq number and method of the INVITE. PRACK is answered by the callee; Palisade
        // acknowledges on this leg alone — the caller's leg has its own reliability (or none).
        string rseq = Encoding.ASCII.GetString(response.GetValue(HeaderId.RSeq)).Trim();
        using SipMessageWriter w = LegRequests.InDialog(leg, "PRACK");
        w.Header(HeaderId.RAck, rseq + " " + response.CSeq.ToString(System.Globalization.CultureInfo.InvariantCulture) + " INVITE");
        w.Header(HeaderId.UserAgent, _options.Product);
        w.Finish();
        Transactions.CreateClientTransaction(w.ToArray(), leg.Peer, new LocalRequest(leg, LocalRequestKind.Prack, leg.LocalCSeq));
    }

    private void OnStray2xx(CallLeg leg, SipMessage response)
    {
        if (leg.Acked && string.Equals(response.ToTag, leg.RemoteTag, StringComparison.Ordinal) && response.CSeq == leg.InviteCSeq)
            ResendAck(leg);
        else if (leg.Role == LegRole.Callee && response.CSeq == leg.InviteCSeq)
            AckAndHangUp(leg, response);
    }

    private void ResendAck(CallLeg leg)
    {
        if (leg.Acked)
            SendDirect(leg.Peer, LegRequests.Ack(leg, leg.InviteCSeq, leg.AckHasSdp ? leg.LastSdpSent : default));
    }

    /// <summary>ACK a 2xx nobody wants (late, forked, or after a CANCEL) and end that dialog with BYE (§13.2.2.4, §15).</summary>
    private void AckAndHangUp(CallLeg leg, SipMessage response)
    {
        CallLeg dialog = leg.ForkedDialog(response.ToTag, HeaderLists.ContactUri(response), ReversedRecordRoute(response));
        SendDirect(dialog.Peer, LegRequests.Ack(dialog, response.CSeq));
        dialog.LocalCSeq = response.CSeq;
        SendBye(dialog, null);
    }

    private void SendBye(CallLeg leg, string? reason)
    {
        if (leg.RemoteTarget is null)
            return;
        using SipMessageWriter w = LegRequests.InDialog(leg, "BYE");
        if (reason is not null)
            w.Header(HeaderId.Reason, reason);
        w.Header(HeaderId.UserAgent, _options.Product);
        w.Finish();
        Transactions.CreateClientTransaction(w.ToArray(), leg.Peer, new LocalRequest(leg, LocalRequestKind.Bye, leg.LocalCSeq));
    }

    private void StartPending2xx(CallLeg leg, ServerTransaction tx, byte[] response)
    {
        leg.Pending2xx = response;
        leg.Pending2xxTransaction = tx;
        leg.Waited2xx = TimeSpan.Zero;
        leg.Retransmit2xxInterval = _options.T1;
        leg.Timer2xx.Cancel();
        CallTimer tag = leg.Role == LegRole.Caller ? CallTimer.Retransmit2xxCaller : CallTimer.Retransmit2xxCallee;
        // Reliable transports carry the 2xx once; the timer then only bounds the wait for the ACK (64·T1, §13.3.1.4).
        TimeSpan first = leg.Peer.Transport == SipTransportKind.Udp ? _options.T1 : 64 * _options.T1;
        leg.Timer2xx = _wheel.Schedule(first, leg.Call, (int)tag);
    }

    private void StopReliableProvisional(Call call)
    {
        call.CallerReliable1xx = null;
        call.Timer1xx.Cancel();
    }

    private void SendDirect(SipDestination destination, byte[] message)
    {
        ValueTask<bool> sent = _sender.SendAsync(destination, message);
        if (!sent.IsCompleted)
            _ = sent.AsTask();
    }

    private static string[] ReversedRecordRoute(SipMessage response)
    {
        List<string> rr = HeaderLists.Elements(response, HeaderId.RecordRoute);
        if (rr.Count == 0)
            return [];
        rr.Reverse(); // §12.1.2: the UAC's route set is the Record-Route of the response, reversed.
        return [.. rr];
    }

    private static bool AllowsUpdate(SipMessage m) => m.HasOptionTag(HeaderId.Allow, "UPDATE"u8);

    private static string? Reason(SipMessage response) =>
        response.ReasonPhrase.IsEmpty ? null : Encoding.UTF8.GetString(response.ReasonPhrase);

    private static string CauseFor(int status) => status switch
    {
        >= 200 and < 300 => "normal",
        486 or 600 => "busy",
        480 or 408 => "no-answer",
        487 => "cancelled",
        403 => "forbidden",
        404 or 484 or 604 => "no-route",
        503 => "failed",
        603 => "rejected",
        _ => status >= 500 ? "failed" : "rejected",
    };
}
