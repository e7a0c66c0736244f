using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Palisade.Routing.Model;
using Palisade.Sbc.Hosting;
using Palisade.Sbc.Signalling;
using Palisade.Sip.Auth;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

/// <summary>
/// Carrier registration (<c>auth.register: true</c>): Palisade registers with the trunk's registrar, answers its digest
/// challenge (MD5 or SHA-256, RFC 8760), and refreshes before the granted expiry runs out; failures retry with
/// backoff. State changes are logged and counted.
/// </summary>
public sealed partial class CallEngine
{
    private static readonly TimeSpan MaxRegisterBackoff = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, RegistrationState> _registrations = new(StringComparer.Ordinal);

    /// <summary>Registered trunks (ids) right now.</summary>
    public IReadOnlyList<string> RegisteredTrunks()
    {
        var list = new List<string>();
        foreach (RegistrationState r in _registrations.Values)
        {
            if (r.Registered)
                list.Add(r.TrunkId);
        }
        return list;
    }

    /// <summary>Called on every probe tick: sends the REGISTERs that are due.</summary>
    private void RegisterDue(PalisadeConfigModel config, DateTimeOffset now)
    {
        foreach (TrunkModel trunk in config.Trunks)
        {
            if (trunk.Auth is not { Register: true } auth)
                continue;
            RegistrationState state = _registrations.GetOrAdd(trunk.Id, static id => new RegistrationState(id, CallIds.NewSipCallId(), ResponseTags.New()));
            lock (state)
            {
                if (state.InFlight || now < state.NextAttempt)
                    continue;
                SendRegister(config, trunk, auth, state, now, null);
            }
        }
    }

    private void SendRegister(PalisadeConfigModel config, TrunkModel trunk, TrunkAuthModel auth, RegistrationState state, DateTimeOffset now, SipMessage? challenge)
    {
        EndpointModel endpoint = trunk.Endpoints[0];
        var registrar = new EndpointModel { Host = auth.RegistrarHost, Port = auth.RegistrarPort, Transport = endpoint.Transport, Priority = 0, Weight = 1 };
        ListenerBinding? listener = ListenerFor(trunk, registrar);
        if (listener is null || ResolveNow(registrar, listener) is not { } destination)
        {
            RegistrationFailed(trunk, state, now, listener is null ? "no listener for its transport" : "the registrar does not resolve");
            return;
        }
        string host = LocalHost(trunk, null, listener, config);
        string port = listener.Bound.Port.ToString(CultureInfo.InvariantCulture);
        string registrarUri = "sip:" + HostPort(auth.RegistrarHost, auth.RegistrarPort, listener.Transport);
        string aor = "<sip:" + auth.Username + "@" + auth.RegistrarHost + ">";
        state.CSeq++;
        using SipMessageWriter w = LegRequests.Start("REGISTER", registrarUri, listener.Transport, Addresses(host, listener).ViaSentBy, BranchIds.New(),
            aor, state.Tag, aor, state.CallId, state.CSeq);
        w.Header(HeaderId.Contact, "<sip:" + auth.Username + "@" + host + ":" + port
            + (listener.Transport == SipTransportKind.Udp ? "" : ";transport=" + listener.UriTransport) + ">");
        w.Header(HeaderId.Expires, (long)auth.Expires.TotalSeconds);
        w.Header(HeaderId.Allow, SipCapabilities.Allow);
        w.Header(HeaderId.UserAgent, _options.Product);
        w.Finish();
        byte[] bytes = w.ToArray();
        if (challenge is not null)
        {
            bool proxy = challenge.StatusCode == 407;
            if (DigestChallenge.SelectBest(challenge, proxy) is not { } best)
            {
                RegistrationFailed(trunk, state, now, "the registrar's challenge uses no algorithm Palisade supports");
                return;
            }
            SipMessage unsigned = SipParser.ParseFramed(bytes, out _)!;
            // The CSeq was raised above; AuthorizedRequest wants the retry's number above the request's.
            state.CSeq++;
            bytes = AuthorizedRequest.Create(unsigned, best, new DigestCredentials(auth.Username, auth.Password), state.CSeq, BranchIds.New());
        }
        state.InFlight = true;
        Transactions.CreateClientTransaction(bytes, destination, new RegisterRequest(state));
    }

    private void OnRegisterAnswer(RegisterRequest request, SipMessage? response, int status)
    {
        RegistrationState state = request.State;
        PalisadeConfigModel config = _config();
        if (!config.TrunksById.TryGetValue(state.TrunkId, out TrunkModel? trunk) || trunk.Auth is not { Register: true } auth)
            return;
        DateTimeOffset now = _time.GetUtcNow();
        lock (state)
        {
            if (status < 200)
                return;
            state.InFlight = false;
            if (status is 401 or 407 && response is not null && !state.Challenged)
            {
                state.Challenged = true;
                SendRegister(config, trunk, auth, state, now, response);
                return;
            }
            state.Challenged = false;
            if (status is >= 200 and < 300)
            {
                TimeSpan granted = GrantedExpiry(response!, auth.Expires);
                state.ExpiresAt = now + granted;
                // Refresh well before expiry: at 80 %, and at least 5 s ahead (RFC 3261 §10.2.4 leaves the margin to the UA).
                TimeSpan margin = TimeSpan.FromTicks(Math.Max(granted.Ticks / 5, TimeSpan.FromSeconds(5).Ticks));
                state.NextAttempt = now + (granted > margin ? granted - margin : granted / 2);
                state.Failures = 0;
                if (!state.Registered)
                {
                    state.Registered = true;
                    _metrics.Registered.Add(1);
                    _log.LogInformation("trunk {Trunk} registered with {Registrar} for {Seconds} s", trunk.Id, auth.RegistrarHost, (int)granted.TotalSeconds);
                }
                return;
            }
            RegistrationFailed(trunk, state, now, "the registrar answered " + status.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void RegistrationFailed(TrunkModel trunk, RegistrationState state, DateTimeOffset now, string why)
    {
        state.InFlight = false;
        state.Failures++;
        TimeSpan backoff = TimeSpan.FromSeconds(Math.Min(MaxRegisterBackoff.TotalSeconds, Math.Pow(2, Math.Min(state.Failures, 6))));
        state.NextAttempt = now + backoff;
        // Still registered until the granted expiry passes; only then are calls from the registrar at risk.
        bool lost = state.Registered && now >= state.ExpiresAt;
        if (lost)
            state.Registered = false;
        _metrics.RegisterFailures.Add(1);
        // Once per failure streak at warning level; repeats at debug, so a dead registrar does not flood the log.
        if (state.Failures == 1 || lost)
            _log.LogWarning("trunk {Trunk} registration failed: {Why}; retrying in {Seconds} s", trunk.Id, why, (int)backoff.TotalSeconds);
        else
            _log.LogDebug("trunk {Trunk} registration failed again: {Why}", trunk.Id, why);
    }

    /// <summary>The expiry the registrar granted: our Contact's expires parameter, else Expires, else what we asked (§10.2.4).</summary>
    private static TimeSpan GrantedExpiry(SipMessage response, TimeSpan asked)
    {
        foreach (string contact in HeaderLists.Elements(response, HeaderId.Contact))
        {
            int at = contact.IndexOf(";expires=", StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && uint.TryParse(contact.AsSpan(at + 9).TrimEnd().ToString().Split(';')[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint s) && s > 0)
                return TimeSpan.FromSeconds(s);
        }
        ReadOnlySpan<byte> expires = response.GetValue(HeaderId.Expires).Trim(" \t"u8);
        if (System.Buffers.Text.Utf8Parser.TryParse(expires, out uint seconds, out int used) && used == expires.Length && seconds > 0)
            return TimeSpan.FromSeconds(seconds);
        return asked;
    }
}
