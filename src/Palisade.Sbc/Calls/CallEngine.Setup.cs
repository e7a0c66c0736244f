using System.Net;
using Microsoft.Extensions.Logging;
using Palisade.Routing.Model;
using Palisade.Sbc.Hosting;
using Palisade.Sbc.Planning;
using Palisade.Sbc.Signalling;
using Palisade.Sip.Dns;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

public sealed partial class CallEngine
{
    /// <summary>A new INVITE: check it, find its trunk and route, create the call and try the first target.</summary>
    private void OnNewInvite(ServerTransaction tx)
    {
        SipInbound inbound = tx.Inbound;
        SipMessage m = inbound.Message;

        UasCheckResult check = UasRequestChecks.Check(m, InviteChecks);
        if (!check.Passed)
        {
            using SipMessageWriter w = SipResponses.Start(m, check.Status, check.Reason, ResponseTags.New());
            if (check.ExtraHeader != HeaderId.Other && check.ExtraHeaderValue is not null)
                w.Header(check.ExtraHeader, check.ExtraHeaderValue);
            w.Finish();
            tx.SendResponse(w);
            return;
        }

        PalisadeConfigModel config = _config();
        TrunkModel? source = CallPlanner.Classify(config, inbound.ListenerName, inbound.Source.EndPoint.Address);
        // A trunk that authenticates with credentials: the INVITE must answer a digest challenge (401 until it does).
        if (source?.Auth is { ChallengeInbound: true })
        {
            source = AuthenticateInbound(config, tx);
            if (source is null)
                return;
        }
        if (source is null)
        {
            // Unknown sources learn nothing beyond "forbidden": the same answer whatever number they dial.
            _metrics.UnknownSources.Add(1);
            _log.LogDebug("INVITE from {Source} on {Listener}: no trunk allows it (403)", inbound.Source.EndPoint, inbound.ListenerName);
            Reject(tx, 403, "Forbidden", null, null);
            return;
        }

        string calling = Party.UserOf(IdentityUri(m) ?? m.From?.Uri);
        string called = Party.UserOf(m.RequestUri);
        if (called.Length == 0)
            called = Party.UserOf(m.To?.Uri);
        DateTimeOffset now = _time.GetUtcNow();
        string? display = Party.DisplayText(m.From?.DisplayName);
        PlanResult result = _planner.Plan(config, source, calling, called, m.RequestUri?.Host, display, now);
        if (result.Plan is not { } plan)
        {
            _metrics.Rejected.Add(1);
            Reject(tx, result.Status, result.Reason, result.RetryAfterSeconds, config.Node.Fqdn);
            WriteRejectedRecord(config, source, calling, called, now, result, m.CallId);
            return;
        }

        ListenerBinding? listener = BindingFor(inbound.ListenerName);
        if (listener is null)
        {
            Reject(tx, 500, "Server Internal Error", null, config.Node.Fqdn);
            return;
        }
        // Tenant limits (concurrent calls, calls/s): 503 with Retry-After, never a silent drop. Admitted after routing,
        // so the router's own capacity check never counts this call against itself.
        if (plan.Tenant is { } tenant && _state.GetTenant(tenant.Id).TryAdmit(tenant) is { Admitted: false } refused)
        {
            _metrics.Rejected.Add(1);
            var limited = PlanResult.Reject(503, refused.Reason ?? "tenant at its limit", refused.RetryAfterSeconds);
            Reject(tx, 503, limited.Reason, limited.RetryAfterSeconds, config.Node.Fqdn);
            WriteRejectedRecord(config, source, calling, called, now, limited, m.CallId);
            return;
        }

        var call = new Call(this, CallIds.NewCallId(), config)
        {
            Plan = plan,
            CallerInvite = tx,
            TenantAdmitted = plan.Tenant is not null,
            SetupAt = now,
            CallingIn = calling,
            CalledIn = called,
            CallerDisplayName = display,
            CallerOfferless = m.BodyLength == 0,
            CallerSupports100rel = m.HasOptionTag(HeaderId.Supported, "100rel"u8) || m.HasOptionTag(HeaderId.Require, "100rel"u8),
            CallerRequires100rel = m.HasOptionTag(HeaderId.Require, "100rel"u8),
        };
        string localHost = LocalHost(source, plan.Tenant, listener, config);
        var caller = new CallLeg(call, LegRole.Caller, source, listener)
        {
            SipCallId = m.CallId,
            LocalTag = ResponseTags.New(),
            RemoteTag = m.FromTag,
            LocalParty = HeaderValue(m, HeaderId.To),
            RemoteParty = WithoutTag(HeaderValue(m, HeaderId.From)),
            RemoteTarget = HeaderLists.ContactUri(m),
            RouteSet = [.. HeaderLists.Elements(m, HeaderId.RecordRoute)],
            Peer = tx.Source,
            ViaSentBy = Addresses(localHost, listener).ViaSentBy,
            Contact = Addresses(localHost, listener).Contact,
            RemoteCSeq = m.CSeq,
            SdpSessionId = CallIds.NewSdpSessionId(),
            SdpVersion = 1,
        };
        if (m.BodyLength > 0 && IsSdp(m))
            caller.LastSdpReceived = SdpFingerprint.Of(m.Body);
        call.Caller = caller;

        lock (call)
        {
            if (!_callerLegs.TryAdd((caller.SipCallId, caller.RemoteTag ?? ""), caller))
            {
                // Same Call-ID and From tag without To tag on a new branch: a loop or a replay (§8.2.2.2).
                if (plan.Tenant is { } admitted)
                    _state.GetTenant(admitted.Id).Release();
                Reject(tx, 482, "Loop Detected", null, null);
                return;
            }
            tx.UserState = call;
            Interlocked.Increment(ref _activeCalls);
            _metrics.CallsStarted.Add(1);
            // §17.2.1: say at once that the INVITE is being worked on, so the caller stops retransmitting.
            tx.Respond(100);
            if (m.SessionExpiresRequested(out TimeSpan se, out string? refresher))
                NegotiateCallerSessionTimer(call, se, refresher, m);
            StartNextAttempt(call, null);
        }
    }

    /// <summary>
    /// Tries the next endpoint of the current target (Teams' sip → sip2 → sip3, a carrier's primary then backup), then
    /// the next target of the plan, then forward-on-failure; when nothing is left, answers the caller with
    /// <paramref name="last"/>'s status.
    /// </summary>
    private void StartNextAttempt(Call call, AttemptFailure? last)
    {
        CallPlan plan = call.Plan!;
        while (!call.Ended)
        {
            if (call.CurrentTarget is { } current && call.NextEndpoint < current.Trunk.Endpoints.Length)
            {
                int index = EndpointIndexAt(current.Trunk, call.NextEndpoint++);
                // Endpoints marked down by probes or a 503 Retry-After are skipped while another is left to try.
                if (!_state.GetTrunk(current.Trunk.Id).IsEndpointUsable(current.Trunk, index))
                    continue;
                string? problem = StartAttempt(call, current, current.Trunk.Endpoints[index], index);
                if (problem is null)
                    return;
                call.Tried(current.Trunk.Id, problem);
                last = new AttemptFailure(503, problem, null, AllowsForward: true);
                continue;
            }
            ReleaseTrunkSlot(call);

            PlannedTarget? target = null;
            if (call.NextTarget < plan.Targets.Length)
            {
                target = plan.Targets[call.NextTarget++];
            }
            else if (!call.ForwardOnFailureTried && plan.ForwardOnFailure is { } fof && last is { AllowsForward: true })
            {
                call.ForwardOnFailureTried = true;
                target = fof;
            }
            if (target is null)
            {
                FailCall(call, last ?? new AttemptFailure(503, "no target could be tried", null, AllowsForward: false));
                return;
            }
            // Trunk capacity (max calls, calls/s) is taken when a target is chosen and held until it fails or the call ends.
            if (!_state.GetTrunk(target.Trunk.Id).TryAcquire(target.Trunk, out string? full))
            {
                call.Tried(target.Trunk.Id, "full");
                last = new AttemptFailure(503, full, null, AllowsForward: true);
                continue;
            }
            call.HeldTrunk = target.Trunk.Id;
            call.CurrentTarget = target;
            call.NextEndpoint = 0;
        }
    }

    private void ReleaseTrunkSlot(Call call)
    {
        if (call.HeldTrunk is { } id)
        {
            call.HeldTrunk = null;
            _state.GetTrunk(id).Release();
        }
    }

    /// <summary>Index in <see cref="TrunkModel.Endpoints"/> of the <paramref name="index"/>-th endpoint in try order: lower priority first, written order within one.</summary>
    private static int EndpointIndexAt(TrunkModel trunk, int index)
    {
        var endpoints = trunk.Endpoints;
        // Counting, not sorting: trunks have a handful of endpoints and this allocates nothing.
        int seen = 0;
        int lastPriority = int.MinValue;
        while (true)
        {
            int next = int.MaxValue;
            foreach (EndpointModel e in endpoints)
            {
                if (e.Priority > lastPriority && e.Priority < next)
                    next = e.Priority;
            }
            for (int i = 0; i < endpoints.Length; i++)
            {
                if (endpoints[i].Priority == next && seen++ == index)
                    return i;
            }
            lastPriority = next;
        }
    }

    /// <summary>Sends the INVITE of a new attempt; returns why it could not be sent, or null.</summary>
    private string? StartAttempt(Call call, PlannedTarget target, EndpointModel endpoint, int endpointIndex)
    {
        ListenerBinding? listener = ListenerFor(target.Trunk, endpoint);
        if (listener is null)
            return "no " + endpoint.Transport.ToString().ToLowerInvariant() + " listener";
        ValueTask<IReadOnlyList<SipTarget>> lookup = Lookup(endpoint, listener, out SipDestination? known);
        if (known is null && lookup.IsCompleted)
            known = FirstTarget(lookup, endpoint, listener, out _);
        if (known is { } destination)
        {
            SendAttemptInvite(call, target, endpoint, endpointIndex, listener, destination);
            return null;
        }
        if (lookup.IsCompleted)
            return FailureOf(lookup, endpoint);
        // A real DNS lookup: continue when it answers, off the call's lock.
        _ = ContinueAfterLookupAsync(call, target, endpoint, endpointIndex, listener, lookup);
        return null;
    }

    private async Task ContinueAfterLookupAsync(Call call, PlannedTarget target, EndpointModel endpoint, int endpointIndex,
        ListenerBinding listener, ValueTask<IReadOnlyList<SipTarget>> lookup)
    {
        try
        {
            await lookup.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DnsResolutionException or ArgumentException or OperationCanceledException)
        {
            // Read again below through FirstTarget/FailureOf, which turn the failure into a reason.
        }
        lock (call)
        {
            if (call.Ended || call.CallerCancelled)
                return;
            if (FirstTarget(lookup, endpoint, listener, out string? failure) is { } destination)
            {
                SendAttemptInvite(call, target, endpoint, endpointIndex, listener, destination);
                return;
            }
            call.Tried(target.Trunk.Id, "dns");
            StartNextAttempt(call, new AttemptFailure(503, failure, null, AllowsForward: true));
        }
    }

    /// <summary>
    /// Where an endpoint is (one lookup, awaited where it is not complete — never asked twice): <paramref name="known"/> at once for an address literal; otherwise the lookup, which the
    /// static table and the cache complete synchronously (a completed default when there is no resolver).
    /// </summary>
    private ValueTask<IReadOnlyList<SipTarget>> Lookup(EndpointModel endpoint, ListenerBinding listener, out SipDestination? known)
    {
        known = null;
        if (IPAddress.TryParse(endpoint.Host, out IPAddress? address))
        {
            known = Destination(new SipTarget(address, endpoint.Port, listener.Transport, endpoint.Host), listener);
            return default;
        }
        return _resolver is null ? default : _resolver.ResolveAsync(endpoint.Host, endpoint.Port, Kind(endpoint.Transport), false, CancellationToken.None);
    }

    /// <summary>The first target of a completed lookup, or null with the reason.</summary>
    private SipDestination? FirstTarget(ValueTask<IReadOnlyList<SipTarget>> lookup, EndpointModel endpoint, ListenerBinding listener, out string? failure)
    {
        failure = FailureOf(lookup, endpoint);
        return failure is null ? Destination(lookup.Result[0], listener) : null;
    }

    private string? FailureOf(ValueTask<IReadOnlyList<SipTarget>> lookup, EndpointModel endpoint)
    {
        if (lookup.IsCompletedSuccessfully)
            return lookup.Result is { Count: > 0 } ? null : _resolver is null ? "no DNS resolver for " + endpoint.Host : "DNS: no address for " + endpoint.Host;
        return "DNS: " + (lookup.AsTask().Exception?.InnerException?.Message ?? "lookup failed for " + endpoint.Host);
    }

    /// <summary>A destination known without waiting (probes and registrations try again at their next round otherwise).</summary>
    private SipDestination? ResolveNow(EndpointModel endpoint, ListenerBinding listener)
    {
        ValueTask<IReadOnlyList<SipTarget>> lookup = Lookup(endpoint, listener, out SipDestination? known);
        if (known is not null || !lookup.IsCompleted)
        {
            if (!lookup.IsCompleted)
                _ = lookup.AsTask(); // let it finish and fill the cache for the next round
            return known;
        }
        return FirstTarget(lookup, endpoint, listener, out _);
    }

    private static SipDestination Destination(SipTarget target, ListenerBinding listener) =>
        new(target.Transport, new IPEndPoint(target.Address, target.Port), 0, target.HostName,
            listener.Transport == SipTransportKind.Udp ? listener.Bound : null);

    private void SendAttemptInvite(Call call, PlannedTarget target, EndpointModel endpoint, int endpointIndex, ListenerBinding listener, SipDestination destination, string? requestUriOverride = null)
    {
        SipMessage invite = call.CallerInvite.Request;
        PalisadeConfigModel config = call.Config;
        string localHost = LocalHost(target.Trunk, call.Plan!.Tenant, listener, config);
        string remoteHost = HostPort(endpoint.Host, endpoint.Port, listener.Transport);
        var attempt = new CallAttempt(call, call.Attempts.Count + 1, target)
        {
            StartedAt = _time.GetUtcNow(),
            EndpointIndex = endpointIndex,
            Leg = new CallLeg(call, LegRole.Callee, target.Trunk, listener)
            {
                SipCallId = CallIds.NewSipCallId(call.Caller.SipCallId),
                LocalTag = ResponseTags.New(),
                LocalParty = Party.NameAddr(DisplayFor(call, target), target.CallingOut, localHost),
                RemoteParty = Party.NameAddr(null, target.CalledOut, endpoint.Host),
                Peer = destination,
                ViaSentBy = Addresses(localHost, listener).ViaSentBy,
                Contact = Addresses(localHost, listener).Contact,
                LocalCSeq = 1,
                SdpSessionId = CallIds.NewSdpSessionId(),
                SdpVersion = 1,
            },
        };
        call.Attempts.Add(attempt);
        call.Current = attempt;
        CallLeg leg = attempt.Leg;

        string requestUri = requestUriOverride ?? "sip:" + target.CalledOut + "@" + remoteHost
            + (target.CalledOut.StartsWith('+') ? ";user=phone" : "")
            + (listener.Transport == SipTransportKind.Udp ? "" : ";transport=" + listener.UriTransport);
        int maxForwards = invite.MaxForwards is { } mf ? mf - 1 : 70;
        using SipMessageWriter w = LegRequests.Start(leg, "INVITE", requestUri, 1, BranchIds.New(), maxForwards);
        LegRequests.Capabilities(w, leg, _options.Product);
        // RFC 4028 per leg: Palisade asks to refresh this leg itself, so the callee's refreshes never depend on the caller.
        if (target.Trunk.SessionTimer is { } st)
        {
            w.Header(HeaderId.SessionExpires, SessionExpiresValue(st.Expires, "uac"));
            w.Header(HeaderId.MinSe, (long)st.MinSe.TotalSeconds);
        }
        WriteIdentity(w, invite, target, localHost);
        WriteRedirection(w, invite, target, localHost);
        HeaderRelay.CopyEndToEnd(w, invite, call.Caller.Trunk, target.Trunk);
        FinishWithBody(w, invite, leg);

        _legs[leg.SipCallId] = leg;
        attempt.SetupTimer = _wheel.Schedule(target.Trunk.SetupTimeout, call, (int)CallTimer.Setup);
        attempt.Invite = Transactions.CreateClientTransaction(Outbound(w.ToArray(), target.Trunk, "INVITE"), destination, attempt);
    }

    /// <summary>The routing decision's display name (forward-on-failure labels it) or the caller's.</summary>
    private static string? DisplayFor(Call call, PlannedTarget target) => target.DisplayName ?? call.CallerDisplayName;

    /// <summary>
    /// P-Asserted-Identity and Privacy per the target trunk's identity policy (RFC 3325): rebuilt with Palisade's host
    /// and the calling number as that trunk wants it, never copied.
    /// </summary>
    private static void WriteIdentity(SipMessageWriter w, SipMessage invite, PlannedTarget target, string localHost)
    {
        IdentityModel identity = target.Trunk.Identity;
        bool pai = identity.Pai switch
        {
            PaiMode.From => true,
            PaiMode.Pass => invite.Has(HeaderId.PAssertedIdentity),
            _ => false,
        };
        if (pai)
            w.Header(HeaderId.PAssertedIdentity, Party.NameAddr(null, target.CallingOut, localHost));
        if (identity.Privacy == PrivacyMode.Pass)
            w.CopyFirstHeader(invite, HeaderId.Privacy);
    }

    /// <summary>A message for <paramref name="trunk"/> after its out header rules (only parsed again when it has some).</summary>
    private static byte[] Outbound(byte[] message, TrunkModel trunk, string method) =>
        HeaderRules.EditsOutbound(trunk.HeaderRulesOut, method) ? HeaderRules.ApplyOutbound(message, trunk.HeaderRulesOut, method) : message;

    /// <summary>
    /// Redirection history in the format the target trunk wants (Diversion by default, History-Info for trunks that
    /// ask for it), rebuilt from numbers and reasons only: the other side's hosts never pass (RFC 6044 mapping).
    /// </summary>
    private static void WriteRedirection(SipMessageWriter w, SipMessage invite, PlannedTarget target, string localHost)
    {
        List<Redirection> history = invite.Has(HeaderId.Diversion)
            ? RedirectionHeaders.FromDiversion(HeaderLists.Elements(invite, HeaderId.Diversion))
            : invite.Has(HeaderId.HistoryInfo) ? RedirectionHeaders.FromHistoryInfo(HeaderLists.Elements(invite, HeaderId.HistoryInfo)) : [];
        if (history.Count == 0 || target.Trunk.DiversionMode == DiversionMode.None)
            return;
        if (target.Trunk.DiversionMode == DiversionMode.HistoryInfo)
        {
            foreach (string entry in RedirectionHeaders.ToHistoryInfo(history, target.CalledOut, localHost))
                w.Header(HeaderId.HistoryInfo, entry);
        }
        else
        {
            foreach (string value in RedirectionHeaders.ToDiversion(history, localHost))
                w.Header(HeaderId.Diversion, value);
        }
    }

    /// <summary>Copies the body: SDP with our origin line for this leg; any other body as it is.</summary>
    private static void FinishWithBody(SipMessageWriter w, SipMessage source, CallLeg leg)
    {
        if (source.BodyLength == 0)
        {
            w.Finish();
            return;
        }
        if (IsSdp(source))
        {
            w.Finish(SdpOrigin.ForLeg(leg, source.Body), "application/sdp");
            return;
        }
        w.Finish(source.Body, source.ContentType ?? "application/octet-stream");
    }

    private static bool IsSdp(SipMessage m) => m.ContentType is { } ct && ct.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase);

    private static SipUri? IdentityUri(SipMessage m)
    {
        int i = m.IndexOf(HeaderId.PAssertedIdentity);
        if (i < 0)
            return null;
        return NameAddress.TryParse(m.GetValue(m.Headers[i]), out NameAddress? na, out _) ? na!.Uri : null;
    }

    private ListenerBinding? BindingFor(string name)
    {
        foreach (ListenerBinding b in _listeners)
        {
            if (string.Equals(b.Name, name, StringComparison.Ordinal))
                return b;
        }
        return null;
    }

    private ListenerBinding? ListenerFor(TrunkModel trunk, EndpointModel endpoint)
    {
        if (trunk.Listener is { } l)
            return BindingFor(l.Name);
        SipTransportKind kind = Kind(endpoint.Transport);
        foreach (ListenerBinding b in _listeners)
        {
            if (b.Transport == kind)
                return b;
        }
        return null;
    }

    private static SipTransportKind Kind(SipTransport t) => t switch
    {
        SipTransport.Udp => SipTransportKind.Udp,
        SipTransport.Tcp => SipTransportKind.Tcp,
        _ => SipTransportKind.Tls,
    };

    /// <summary>
    /// The host Palisade names itself by on a leg (Via, Contact, From): an FQDN where the trunk wants one — the
    /// tenant's Teams FQDN (carrier hosting), else the node's — or the listener's address.
    /// </summary>
    private static string LocalHost(TrunkModel trunk, TenantModel? tenant, ListenerBinding listener, PalisadeConfigModel config)
    {
        if (trunk.ContactHost == ContactHostMode.Fqdn)
            return tenant?.TeamsFqdn ?? config.Node.Fqdn;
        return listener.HostText;
    }

    /// <summary>
    /// Via sent-by and Contact for a host on a listener, built once and shared by every leg that uses them (a handful
    /// of hosts per node: listener addresses and tenants' FQDNs), so a held call does not carry its own copies.
    /// </summary>
    private (string ViaSentBy, string Contact) Addresses(string host, ListenerBinding listener) =>
        _addresses.GetOrAdd((host, listener), static k =>
            (k.Item1 + ":" + k.Item2.Bound.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ContactFor(k.Item1, k.Item2)));

    private static string ContactFor(string host, ListenerBinding listener)
    {
        string port = listener.Bound.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return listener.Transport == SipTransportKind.Udp
            ? "<sip:" + host + ":" + port + ">"
            : "<sip:" + host + ":" + port + ";transport=" + listener.UriTransport + ">";
    }

    private static string HostPort(string host, int port, SipTransportKind transport) =>
        port == transport.DefaultPort() ? host : host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string HeaderValue(SipMessage m, HeaderId id)
    {
        int i = m.IndexOf(id);
        return i < 0 ? "" : System.Text.Encoding.UTF8.GetString(m.GetValue(m.Headers[i])).Trim();
    }

    /// <summary>A From/To value without its tag parameter (the leg writes its own tags).</summary>
    private static string WithoutTag(string value)
    {
        int close = value.LastIndexOf('>');
        int at = value.IndexOf(";tag=", close < 0 ? 0 : close, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
            return value;
        int end = value.IndexOf(';', at + 5);
        return end < 0 ? value[..at] : value[..at] + value[end..];
    }

    private static string SessionExpiresValue(TimeSpan interval, string refresher) =>
        ((int)interval.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";refresher=" + refresher;

    private void Reject(ServerTransaction tx, int status, string? reason, int? retryAfter, string? warnAgent)
    {
        using SipMessageWriter w = SipResponses.Start(tx.Request, status, null, ResponseTags.New());
        if (retryAfter is { } ra)
            w.Header(HeaderId.RetryAfter, ra);
        // A Warning says why to the operator on the other side; unknown sources get none (they learn nothing).
        if (warnAgent is not null && reason is not null)
            w.Warning(warnAgent, reason);
        w.Header(HeaderId.Server, _options.Product);
        w.Finish();
        tx.SendResponse(w);
    }
}
