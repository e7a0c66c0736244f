using System.Net;
using System.Net.Sockets;
using Palisade.Testing;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>
/// A started transport layer on 127.0.0.1 (ephemeral ports), a recording handler and logger, and a fake clock
/// that drives the once-per-second sweep only when a test advances it.
/// </summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    private TransportHarness(SipTransportLayer layer, FakeClock clock, RecordingHandler handler, RecordingLogger logger)
    {
        Layer = layer;
        Clock = clock;
        Handler = handler;
        Logger = logger;
    }

    public SipTransportLayer Layer { get; }
    public FakeClock Clock { get; }
    public RecordingHandler Handler { get; }
    public RecordingLogger Logger { get; }

    public static TransportHarness Start(SipTransportOptions? options = null, ITlsContext? tls = null, params SipTransportKind[] listeners)
    {
        var clock = new FakeClock();
        var handler = new RecordingHandler();
        var logger = new RecordingLogger();
        var layer = new SipTransportLayer(options ?? new SipTransportOptions(), tls, logger, clock);
        var list = new List<SipListenerOptions>();
        foreach (SipTransportKind kind in listeners)
            list.Add(new SipListenerOptions(kind.ViaToken().ToLowerInvariant(), kind, new IPEndPoint(IPAddress.Loopback, 0)));
        layer.Start(list, handler);
        return new TransportHarness(layer, clock, handler, logger);
    }

    public IPEndPoint Bound(SipTransportKind kind)
    {
        foreach ((SipListenerOptions options, IPEndPoint bound) in Layer.Listeners)
        {
            if (options.Transport == kind)
                return bound;
        }
        throw new InvalidOperationException("no " + kind + " listener");
    }

    /// <summary>A UDP peer on 127.0.0.1 with an ephemeral port.</summary>
    public static Socket UdpPeer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public ValueTask DisposeAsync() => Layer.DisposeAsync();
}
