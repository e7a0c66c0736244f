using Microsoft.Extensions.Logging;
using Palisade.Routing.Model;
using Palisade.Sbc.Calls;
using Palisade.Sbc.Hosting;
using Palisade.Sip.Dns;
using Palisade.Store.Cdr;
using Palisade.Server.Sip;
using Palisade.Sip.Timers;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Server.Hosting;

/// <summary>A running Palisade: its SIP transports and the handler behind them, built from one config snapshot.</summary>
internal sealed class PalisadeNode : IAsyncDisposable
{
    private readonly SipTransportLayer _transport;
    private readonly TimerWheel _timers;
    private readonly TransactionLayer _transactions;
    private readonly CallEngine _engine;
    private readonly CdrWriter _cdrs;

    private readonly ShardedInbound _shards;

    private PalisadeNode(SipTransportLayer transport, TimerWheel timers, TransactionLayer transactions, ConfigSnapshot snapshot, CallEngine engine, CdrWriter cdrs, ShardedInbound shards)
    {
        _shards = shards;
        Snapshot = snapshot;
        _engine = engine;
        _cdrs = cdrs;
        _transport = transport;
        _timers = timers;
        _transactions = transactions;
    }

    public IReadOnlyList<(SipListenerOptions Options, System.Net.IPEndPoint Bound)> Listeners => _transport.Listeners;

    /// <summary>The configuration calls are routed with; a reload swaps it.</summary>
    public ConfigSnapshot Snapshot { get; }

    public static PalisadeNode Start(PalisadeConfigModel config, ILoggerFactory loggers, TimeProvider time)
    {
        ILogger log = loggers.CreateLogger("palisade");
        Directory.CreateDirectory(config.Node.DataDirectory);

        ITlsContext? tls = null;
        if (config.Listeners.Any(l => l.Transport == SipTransport.Tls) || config.Trunks.Any(t => t.Endpoints.Any(e => e.Transport == SipTransport.Tls)))
            tls = TlsSetup.Create(config, log);

        // One receive thread per UDP socket keeps arrival order; the work after parsing runs on Call-ID shards.
        var options = new SipTransportOptions { AgentName = config.Node.Fqdn };
        var transport = new SipTransportLayer(options, tls, loggers.CreateLogger("palisade.sip"), time);
        // One timer wheel for every SIP timer (DESIGN.md §2), on the injected clock.
        var timers = new TimerWheel(time, logger: loggers.CreateLogger("palisade.timers"));
        var snapshot = new ConfigSnapshot(config);
        var resolver = SipResolver.Create(new DnsResolverOptions { StaticHosts = config.Dns.Static }, time);
        var routingState = new Palisade.Routing.State.RoutingState(time);
        // CDRs: spooled to disk before Write returns, batched into data/palisade.db; leftovers replayed here at start.
        CdrWriter cdrs = CdrWriter.Open(config.Node.DataDirectory, loggers.CreateLogger("palisade.cdr"), time);
        var engine = new CallEngine(new CallEngineOptions(), () => snapshot.Current, transport, timers, resolver, routingState, cdrs,
            new LocalUas(loggers.CreateLogger("palisade.uas")), loggers.CreateLogger("palisade.calls"));
        var transactions = new TransactionLayer(transport, engine, timers);
        engine.Attach(transactions);
        var node = new PalisadeNode(transport, timers, transactions, snapshot, engine, cdrs,
            new ShardedInbound(transactions, Math.Clamp(Environment.ProcessorCount, 1, 16), loggers.CreateLogger("palisade.sip")));
        try
        {
            transport.Start(config.Listeners.Select(NodeSettings.Listener).ToList(), node._shards);
            engine.BindListeners(transport.Listeners.Select(l => new ListenerBinding(l.Options.Name, l.Options.Transport, l.Bound)).ToList());
            engine.StartProbes();
        }
        catch
        {
            node.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        foreach ((SipListenerOptions o, System.Net.IPEndPoint bound) in transport.Listeners)
            log.LogInformation("SIP listening on {Transport} {EndPoint} ({Listener})", o.Transport.ViaToken(), bound, o.Name);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        _engine.StopProbes();
        await _transport.DisposeAsync().ConfigureAwait(false);
        _shards.Dispose();
        _engine.Dispose();
        _transactions.Dispose();
        _timers.Dispose();
        // Last: every record the engine wrote is committed (or left in the spool for the next start).
        await _cdrs.DisposeAsync().ConfigureAwait(false);
    }
}
