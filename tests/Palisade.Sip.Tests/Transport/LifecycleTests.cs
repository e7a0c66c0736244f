using System.Net;
using System.Net.Sockets;
using Palisade.Testing;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>Start binds all listeners or none; DisposeAsync releases every socket and connection.</summary>
[Collection(TransportCollection.Name)]
public sealed class LifecycleTests
{
    [Fact]
    public async Task A_listener_that_cannot_bind_is_named_and_the_others_are_released()
    {
        using Socket taken = TransportHarness.UdpPeer();
        int udpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        int tcpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        SipListenerOptions[] listeners =
        [
            new("first-udp", SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, udpPort)),
            new("first-tcp", SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, tcpPort)),
            new("clashing", SipTransportKind.Udp, (IPEndPoint)taken.LocalEndPoint!),
        ];
        await using var layer = new SipTransportLayer(new SipTransportOptions(), null, new RecordingLogger(), new FakeClock());

        var ex = Assert.Throws<InvalidOperationException>(() => layer.Start(listeners, new RecordingHandler()));

        Assert.Contains("'clashing'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(layer.Listeners);
        AssertFree(udpPort, tcpPort);
    }

    [Fact]
    public async Task A_tls_listener_without_a_certificate_is_named_and_the_others_are_released()
    {
        int udpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        int tcpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        SipListenerOptions[] listeners =
        [
            new("first-udp", SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, udpPort)),
            new("first-tcp", SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, tcpPort)),
            new("secure", SipTransportKind.Tls, new IPEndPoint(IPAddress.Loopback, 0)),
        ];
        await using var layer = new SipTransportLayer(new SipTransportOptions(), null, new RecordingLogger(), new FakeClock());

        var ex = Assert.Throws<InvalidOperationException>(() => layer.Start(listeners, new RecordingHandler()));

        Assert.Contains("'secure'", ex.Message, StringComparison.Ordinal);
        AssertFree(udpPort, tcpPort);
    }

    [Fact]
    public async Task DisposeAsync_closes_every_connection_and_frees_the_ports()
    {
        var h = TransportHarness.Start(new SipTransportOptions(), null, SipTransportKind.Udp, SipTransportKind.Tcp);
        IPEndPoint udp = h.Bound(SipTransportKind.Udp), tcp = h.Bound(SipTransportKind.Tcp);
        await using StreamClient inbound = await StreamClient.ConnectAsync(tcp);
        await TcpTransportTests.ProbeAsync(h, inbound);
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var destination = new SipDestination(SipTransportKind.Tcp, (IPEndPoint)server.LocalEndpoint);
        Assert.True(await h.Layer.SendAsync(destination, SipText.Options(SipText.NewCallId(), "TCP")));
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        Socket accepted = await server.AcceptSocketAsync(timeout.Token);
        await using StreamClient outbound = StreamClient.Accepted(accepted, new NetworkStream(accepted, ownsSocket: true));
        Assert.Equal(2, h.Layer.ConnectionCount);

        await h.DisposeAsync();

        Assert.Equal(0, h.Layer.ConnectionCount);
        Assert.True(await inbound.WaitClosedAsync());
        Assert.True(await outbound.WaitClosedAsync());
        Assert.False(await h.Layer.SendAsync(destination, SipText.Options(SipText.NewCallId(), "TCP")));
        Assert.False(server.Pending());
        AssertFree(udp.Port, tcp.Port);
    }

    /// <summary>A port the kernel just handed out and took back (another process could take it, but not in a test's lifetime).</summary>
    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, protocol);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Binds both ports again. The TCP socket uses SO_REUSEADDR as the listener does: it is refused only while a
    /// listening socket still holds the port, not by TIME_WAIT leftovers of connections the layer closed.
    /// </summary>
    private static void AssertFree(int udpPort, int tcpPort)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, udpPort));
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, tcpPort));
        tcp.Listen();
    }
}
