using Palisade.Sbc.Signalling;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

public sealed partial class CallEngine
{
    /// <summary>A request inside a leg's dialog (it has a To tag).</summary>
    private void OnInDialogRequest(CallLeg leg, ServerTransaction tx)
    {
        Call call = leg.Call;
        lock (call)
        {
            SipMessage m = tx.Request;
            if (call.Ended || leg.Terminated)
            {
                tx.Respond(481, "Call/Transaction Does Not Exist");
                return;
            }
            // §12.2.2: a lower CSeq than the last one is out of order (a retransmission never reaches here).
            if (m.CSeq <= leg.RemoteCSeq && m.Method != SipMethod.Ack)
            {
                tx.Respond(500, "CSeq Out of Order");
                return;
            }
            leg.RemoteCSeq = m.CSeq;
            switch (m.Method)
            {
                case SipMethod.Bye:
                    OnBye(leg, tx);
                    break;
                case SipMethod.Prack:
                    OnPrack(leg, tx);
                    break;
                case SipMethod.Options:
                    _fallback.OnRequest(tx); // the node's own OPTIONS answer (RFC 3261 §11), inside a call as outside
                    break;
                case SipMethod.Invite:
                case SipMethod.Update:
                    OnOffer(leg, tx);
                    break;
                case SipMethod.Info:
                case SipMethod.Notify:
                case SipMethod.Message:
                    RelayOrRefuse(leg, tx);
                    break;
                case SipMethod.Refer:
                    RespondWithWarning(tx, 501, "transfers (REFER) are not carried by this build yet", call.Config.Node.Fqdn);
                    break;
                default:
                    RespondWithWarning(tx, 501, "method not supported inside a call", call.Config.Node.Fqdn);
                    break;
            }
        }
    }

    private void OnBye(CallLeg leg, ServerTransaction tx)
    {
        Call call = leg.Call;
        tx.Respond(200);
        leg.Terminated = true;
        string side = leg.Role == LegRole.Caller ? "caller" : "callee";
        if (call.Answered is null)
        {
            // A BYE in an early dialog from the caller ends the attempt like a CANCEL (§15).
            if (leg.Role == LegRole.Caller)
            {
                call.CallerCancelled = true;
                call.CallerInvite.Respond(487, null, call.Caller.LocalTag);
                if (call.Current is { } attempt)
                    AbandonAttempt(attempt, 487, "cancelled", side);
                EndCall(call, 487, "cancelled", side);
            }
            return;
        }
        Teardown(call, 200, "normal", side, leg);
    }

    private static void OnPrack(CallLeg leg, ServerTransaction tx)
    {
        Call call = leg.Call;
        // RFC 3262 §4: the PRACK acknowledges our reliable provisional when RAck names its RSeq; otherwise 481.
        if (leg.Role == LegRole.Caller && call.CallerReliable1xx is not null && RAckMatches(tx.Request, call.CallerReliableRSeq))
        {
            call.CallerReliable1xx = null;
            call.Timer1xx.Cancel();
            tx.Respond(200);
            return;
        }
        tx.Respond(481, "Call/Transaction Does Not Exist");
    }

    private static bool RAckMatches(SipMessage prack, uint rseq)
    {
        ReadOnlySpan<byte> value = prack.GetValue(HeaderId.RAck).Trim(" \t"u8);
        int space = value.IndexOf((byte)' ');
        return space > 0 && System.Buffers.Text.Utf8Parser.TryParse(value[..space], out uint got, out _) && got == rseq;
    }

    /// <summary>
    /// re-INVITE or UPDATE. A session refresh that changes nothing (no SDP, or the SDP this peer already sent) is
    /// answered on this leg alone (RFC 4028 per leg: a carrier's refresh never becomes a re-INVITE on Teams' side);
    /// a real change (hold, resume, codecs) is relayed to the other leg.
    /// </summary>
    private void OnOffer(CallLeg leg, ServerTransaction tx)
    {
        SipMessage m = tx.Request;
        bool hasSdp = m.BodyLength > 0 && IsSdp(m);
        bool sameSdp = hasSdp && leg.LastSdpReceived == SdpFingerprint.Of(m.Body);
        bool refresh = m.Method == SipMethod.Update ? !hasSdp || sameSdp : sameSdp || (!hasSdp && leg.LastSdpSent is not null);
        if (refresh && (m.Method == SipMethod.Update || leg.Call.Answered is not null))
        {
            AnswerRefresh(leg, tx, hasSdp || m.Method == SipMethod.Invite);
            return;
        }

        Call call = leg.Call;
        CallLeg? other = call.Other(leg);
        if (other is null || other.RemoteTarget is null || other.Terminated)
        {
            RespondWithWarning(tx, 491, "the other party is not reachable for an offer yet", call.Config.Node.Fqdn);
            return;
        }
        // Glare (RFC 3261 §14.1): an offer is already in progress on either leg.
        if (leg.PendingOffer is not null || leg.PendingIncomingOffer is not null || other.PendingOffer is not null)
        {
            tx.Respond(491, "Request Pending");
            return;
        }
        Relay(leg, tx, other);
    }

    private void AnswerRefresh(CallLeg leg, ServerTransaction tx, bool withSdp)
    {
        SipMessage m = tx.Request;
        if (m.SessionExpiresRequested(out TimeSpan se, out string? refresher))
        {
            leg.SessionExpires = se < TimeSpan.FromSeconds(90) ? TimeSpan.FromSeconds(90) : se;
            leg.WeRefresh = refresher == "uas";
        }
        leg.RemoteTarget = HeaderLists.ContactUri(m) ?? leg.RemoteTarget; // §12.2.2 target refresh
        using SipMessageWriter w = SipResponses.Start(m, 200);
        LegRequests.Capabilities(w, leg, _options.Product);
        WriteSessionExpiresAsUas(w, leg);
        if (withSdp && leg.LastSdpSent is { } sdp)
            w.Finish(sdp, "application/sdp");
        else
            w.Finish();
        byte[] bytes = w.ToArray();
        tx.SendResponse(bytes);
        if (m.Method == SipMethod.Invite)
            StartPending2xx(leg, tx, bytes);
        ScheduleSessionTimer(leg);
    }

    private void RelayOrRefuse(CallLeg leg, ServerTransaction tx)
    {
        CallLeg? other = leg.Call.Other(leg);
        if (other is null || other.RemoteTarget is null || other.Terminated)
        {
            tx.Respond(481, "Call/Transaction Does Not Exist");
            return;
        }
        Relay(leg, tx, other);
    }

    /// <summary>Re-issues a request of one leg on the other, with that leg's dialog identifiers and only end-to-end content.</summary>
    private void Relay(CallLeg from, ServerTransaction tx, CallLeg to)
    {
        SipMessage m = tx.Request;
        bool offer = m.Method is SipMethod.Invite or SipMethod.Update;
        using SipMessageWriter w = LegRequests.InDialog(to, m.MethodText);
        if (offer)
        {
            LegRequests.Capabilities(w, to, _options.Product);
            if (to.SessionExpires > TimeSpan.Zero)
                w.Header(HeaderId.SessionExpires, SessionExpiresValue(to.SessionExpires, to.WeRefresh ? "uac" : "uas"));
        }
        else
        {
            w.Header(HeaderId.UserAgent, _options.Product);
        }
        HeaderRelay.CopyEndToEnd(w, m, from.Trunk, to.Trunk);
        FinishWithBody(w, m, to);
        var relay = new RelayedRequest(from.Call, tx, from, to)
        {
            CSeq = to.LocalCSeq,
            OfferSdp = offer && m.BodyLength > 0 && IsSdp(m) ? SdpFingerprint.Of(m.Body) : null,
        };
        ClientTransaction ctx = Transactions.CreateClientTransaction(w.ToArray(), to.Peer, relay);
        if (offer && !ctx.IsTerminated)
        {
            to.PendingOffer = ctx;
            from.PendingIncomingOffer = tx;
        }
    }

    private void OnRelayedResponse(RelayedRequest relay, SipMessage response)
    {
        int status = response.StatusCode;
        if (status == 100 || relay.Call.Ended)
            return;
        ServerTransaction incoming = relay.Incoming;
        bool offer = incoming.Method is SipMethod.Invite or SipMethod.Update;
        if (status >= 200)
        {
            relay.To.PendingOffer = null;
            relay.From.PendingIncomingOffer = null;
        }
        if (status is >= 200 and < 300)
        {
            if (incoming.Method == SipMethod.Invite)
                SendDirect(relay.To.Peer, LegRequests.Ack(relay.To, relay.CSeq));
            if (offer)
            {
                relay.To.RemoteTarget = HeaderLists.ContactUri(response) ?? relay.To.RemoteTarget;
                if (IsSdp(response))
                    relay.To.LastSdpReceived = SdpFingerprint.Of(response.Body);
                if (relay.OfferSdp is not null)
                    relay.From.LastSdpReceived = relay.OfferSdp;
                ScheduleSessionTimer(relay.To);
            }
        }
        if (incoming.HasFinalResponse)
            return;

        using SipMessageWriter w = SipResponses.Start(incoming.Request, status, Reason(response));
        if (offer && status is > 100 and < 300)
        {
            LegRequests.Capabilities(w, relay.From, _options.Product);
            WriteSessionExpiresAsUas(w, relay.From);
        }
        else
        {
            w.Header(HeaderId.Server, _options.Product);
        }
        HeaderRelay.CopyEndToEnd(w, response, relay.To.Trunk, relay.From.Trunk);
        FinishWithBody(w, response, relay.From);
        byte[] bytes = w.ToArray();
        incoming.SendResponse(bytes);
        if (status is >= 200 and < 300 && incoming.Method == SipMethod.Invite)
        {
            StartPending2xx(relay.From, incoming, bytes);
            ScheduleSessionTimer(relay.From);
        }
        // The other dialog is gone (§12.2.1.2): end the call on both legs.
        if (status is 481 or 408)
            Teardown(relay.Call, status, "peer-lost", "sbc", null);
    }

    private void OnRelayFailed(RelayedRequest relay, int status)
    {
        relay.To.PendingOffer = null;
        relay.From.PendingIncomingOffer = null;
        if (!relay.Incoming.HasFinalResponse)
            relay.Incoming.Respond(status);
        Teardown(relay.Call, status, status == 408 ? "timeout" : "transport-error", "sbc", null);
    }

    private void OnLocalResponse(LocalRequest local, ClientTransaction tx, SipMessage response)
    {
        if (local.Kind != LocalRequestKind.Refresh || response.StatusCode < 200)
            return;
        CallLeg leg = local.Leg;
        if (ReferenceEquals(leg.PendingOffer, tx))
            leg.PendingOffer = null;
        int status = response.StatusCode;
        if (status < 300)
        {
            if (tx.Method == SipMethod.Invite)
                SendDirect(leg.Peer, LegRequests.Ack(leg, local.CSeq));
            if (response.SessionExpiresRequested(out TimeSpan se, out string? refresher))
            {
                leg.SessionExpires = se;
                leg.WeRefresh = refresher != "uas";
            }
            ScheduleSessionTimer(leg);
        }
        else if (status is 481 or 408)
        {
            Teardown(leg.Call, status, "peer-lost", "sbc", null);
        }
    }

    private void OnLocalFailed(LocalRequest local, int status)
    {
        if (local.Kind == LocalRequestKind.Refresh && !local.Leg.Call.Ended)
            Teardown(local.Leg.Call, status, status == 408 ? "session-timer" : "transport-error", "sbc", null);
    }

    private void OnAckForLeg(CallLeg leg, SipMessage ack)
    {
        if (leg.Pending2xx is not null)
        {
            leg.Pending2xx = null;
            leg.Pending2xxTransaction = null;
            leg.Timer2xx.Cancel();
        }
        Call call = leg.Call;
        if (leg.Role == LegRole.Caller && call.Answered is not null)
            call.ReleaseCallerInvite();
        // Delayed offer: the caller's answer arrives in its ACK; only now can the callee's 2xx be ACKed (§13.2.2.4).
        if (leg.Role == LegRole.Caller && call.CallerOfferless && call.Callee is { Acked: false } callee && !call.Ended)
        {
            bool hasSdp = ack.BodyLength > 0 && IsSdp(ack);
            byte[] sdp = hasSdp ? SdpOrigin.ForLeg(callee, ack.Body) : [];
            if (hasSdp)
                leg.LastSdpReceived = SdpFingerprint.Of(ack.Body);
            callee.Acked = true;
            callee.AckHasSdp = hasSdp;
            SendDirect(callee.Peer, LegRequests.Ack(callee, callee.InviteCSeq, sdp));
        }
    }

    private void RespondWithWarning(ServerTransaction tx, int status, string text, string agent)
    {
        using SipMessageWriter w = SipResponses.Start(tx.Request, status);
        w.Warning(agent, text);
        w.Header(HeaderId.Server, _options.Product);
        w.Finish();
        tx.SendResponse(w);
    }

    private static bool IsReliable(CallLeg leg) => leg.Peer.Transport != SipTransportKind.Udp;
}
