using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Palisade.Routing.Model;
using Palisade.Routing.State;
using Palisade.Sbc.Hosting;
using Palisade.Sbc.Signalling;
using Palisade.Sip.Message;
using Palisade.Sip.Timers;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

/// <summary>
/// OPTIONS health probes (what every SBC does towards its peers, and Teams requires): each endpoint of each trunk
/// with a probe is asked at its interval; <see cref="ProbeModel.DownAfter"/> consecutive misses mark it down for
/// routing, <see cref="ProbeModel.UpAfter"/> answers mark it up again. Any answer but 408/503 counts as alive: a
/// peer that says 404 or 405 to OPTIONS is still there to take calls.
/// </summary>
public sealed partial class CallEngine
{
    private static readonly TimeSpan ProbeTick = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string, int), ProbeState> _probes = new();
    private readonly ProbeTicker _ticker;
    private TimerHandle _probeTimer;
    private volatile bool _probing;

    /// <summary>Starts probing every trunk endpoint that has a probe (call after <see cref="BindListeners"/>).</summary>
    public void StartProbes()
    {
        _probing = true;
        _probeTimer = _wheel.Schedule(TimeSpan.Zero, _ticker, 0);
    }

    /// <summary>Stops probing (shutdown).</summary>
    public void StopProbes()
    {
        _probing = false;
        _probeTimer.Cancel();
    }

    private void OnProbeTick()
    {
        if (!_probing)
            return;
        try
        {
            PalisadeConfigModel config = _config();
            DateTimeOffset now = _time.GetUtcNow();
            RegisterDue(config, now);
            foreach (TrunkModel trunk in config.Trunks)
            {
                if (!trunk.Probe.Enabled)
                    continue;
                for (int i = 0; i < trunk.Endpoints.Length; i++)
                {
                    ProbeState state = _probes.GetOrAdd((trunk.Id, i), static k => new ProbeState(k.Item1, k.Item2));
                    lock (state)
                    {
                        if (state.InFlight != 0 && now - state.SentAt >= trunk.Probe.Timeout)
                            RecordProbe(trunk, state, answered: false, "no answer within " + trunk.Probe.Timeout.TotalSeconds + " s");
                        if (state.InFlight == 0 && now >= state.NextDue)
                            SendProbe(config, trunk, state, now);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.LogError(ex, "OPTIONS probing failed this round");
        }
        finally
        {
            if (_probing)
                _probeTimer = _wheel.Schedule(ProbeTick, _ticker, 0);
        }
    }

    private void SendProbe(PalisadeConfigModel config, TrunkModel trunk, ProbeState state, DateTimeOffset now)
    {
        state.NextDue = now + trunk.Probe.Interval;
        EndpointModel endpoint = trunk.Endpoints[state.EndpointIndex];
        ListenerBinding? listener = ListenerFor(trunk, endpoint);
        if (listener is null || ResolveNow(endpoint, listener) is not { } destination)
        {
            RecordProbe(trunk, state, answered: false, listener is null ? "no listener for its transport" : "its host does not resolve");
            return;
        }
        string localHost = LocalHost(trunk, null, listener, config);
        string target = "sip:" + HostPort(endpoint.Host, endpoint.Port, listener.Transport)
            + (listener.Transport == SipTransportKind.Udp ? "" : ";transport=" + listener.UriTransport);
        using SipMessageWriter w = LegRequests.Start("OPTIONS", target, listener.Transport, Addresses(localHost, listener).ViaSentBy, BranchIds.New(),
            "<sip:ping@" + localHost + ">", ResponseTags.New(), "<" + target + ">", CallIds.NewSipCallId(), 1);
        // Teams checks the Contact of OPTIONS: the SBC's FQDN and TLS port (Direct Routing requirement).
        w.Header(HeaderId.Contact, Addresses(localHost, listener).Contact);
        w.Header(HeaderId.Allow, SipCapabilities.Allow);
        w.Header(HeaderId.Supported, SipCapabilities.Supported);
        w.Header(HeaderId.UserAgent, _options.Product);
        w.Finish();
        state.Sequence++;
        state.InFlight = state.Sequence;
        state.SentAt = now;
        Transactions.CreateClientTransaction(w.ToArray(), destination, new ProbeRequest(state, state.Sequence));
    }

    private void OnProbeAnswer(ProbeRequest probe, int status)
    {
        PalisadeConfigModel config = _config();
        if (!config.TrunksById.TryGetValue(probe.State.TrunkId, out TrunkModel? trunk))
            return; // removed by a reload
        lock (probe.State)
        {
            if (probe.State.InFlight != probe.Sequence)
                return; // timed out already, or an older probe
            bool alive = status is not (408 or 503) && status >= 200;
            if (status < 200)
                return;
            RecordProbe(trunk, probe.State, alive, alive ? null : "answered " + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private void RecordProbe(TrunkModel trunk, ProbeState state, bool answered, string? why)
    {
        state.InFlight = 0;
        EndpointState endpoint = _state.GetTrunk(trunk.Id).GetEndpoint(state.EndpointIndex);
        string name = trunk.Endpoints.Length > state.EndpointIndex ? trunk.Endpoints[state.EndpointIndex].Host : "#" + state.EndpointIndex;
        if (answered)
        {
            state.Missed = 0;
            state.Answered++;
            if (!endpoint.IsUp && state.Answered >= trunk.Probe.UpAfter)
            {
                endpoint.MarkUp();
                _metrics.TrunkUp.Add(1);
                _log.LogInformation("trunk {Trunk} endpoint {Endpoint} is up (answered {Count} OPTIONS)", trunk.Id, name, state.Answered);
            }
            return;
        }
        state.Answered = 0;
        state.Missed++;
        if (endpoint.IsUp && state.Missed >= trunk.Probe.DownAfter)
        {
            endpoint.MarkDown();
            _metrics.TrunkDown.Add(1);
            _log.LogWarning("trunk {Trunk} endpoint {Endpoint} is down: {Why} ({Count} probes missed)", trunk.Id, name, why, state.Missed);
        }
    }

    /// <summary>The probe tick's timer target (the wheel calls targets, and the engine is already the transaction user).</summary>
    private sealed class ProbeTicker(CallEngine engine) : ITimerTarget
    {
        public void OnTimer(int tag) => engine.OnProbeTick();
    }
}
