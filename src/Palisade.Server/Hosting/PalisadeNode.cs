using Microsoft.Extensions.Logging;
using Palisade.Routing.Model;
using Palisade.Server.Sip;
using Palisade.Sip.Transport;

namespace Palisade.Server.Hosting;

/// <summary>A running Palisade: its SIP transports and the handler behind them, built from one config snapshot.</summary>
internal sealed class PalisadeNode : IAsyncDisposable
{
    private readonly SipTransportLayer _transport;

    private PalisadeNode(SipTransportLayer transport) => _transport = transport;

    public IReadOnlyList<(SipListenerOptions Options, System.Net.IPEndPoint Bound)> Listeners => _transport.Listeners;

    public static PalisadeNode Start(PalisadeConfigModel config, ILoggerFactory loggers, TimeProvider time)
    {
        ILogger log = loggers.CreateLogger("palisade");
        Directory.CreateDirectory(config.Node.DataDirectory);

        ITlsContext? tls = null;
        if (config.Listeners.Any(l => l.Transport == SipTransport.Tls) || config.Trunks.Any(t => t.Endpoints.Any(e => e.Transport == SipTransport.Tls)))
            tls = TlsSetup.Create(config, log);

        var options = new SipTransportOptions { AgentName = config.Node.Fqdn };
        var transport = new SipTransportLayer(options, tls, loggers.CreateLogger("palisade.sip"), time);
        var node = new PalisadeNode(transport);
        try
        {
            transport.Start(config.Listeners.Select(NodeSettings.Listener).ToList(), new LocalUas(transport, config.Node.Fqdn));
        }
        catch
        {
            transport.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        foreach ((SipListenerOptions o, System.Net.IPEndPoint bound) in transport.Listeners)
            log.LogInformation("SIP listening on {Transport} {EndPoint} ({Listener})", o.Transport.ViaToken(), bound, o.Name);
        return node;
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
