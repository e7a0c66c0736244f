using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>TCP: framing (RFC 3261 §18.3), keep-alive (RFC 5626 §3.5.1), connection reuse (§18.2.2), limits and timeouts.</summary>
[Collection(TransportCollection.Name)]
public sealed class TcpTransportTests
{
    private static readonly SipTransportOptions Options = new() { MaxMessageSize = 2000, AgentName = "sbc.lab.test" };

    [Fact]
    public async Task Two_pipelined_messages_in_one_write_are_both_delivered_in_order()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        string first = SipText.NewCallId(), second = SipText.NewCallId();

        await client.WriteAsync([.. SipText.Message(first, 12, "TCP"), .. SipText.Options(second, "TCP")]);

        SipInbound a = await h.Handler.NextAsync();
        SipInbound b = await h.Handler.NextAsync();
        Assert.Equal(first, a.Message.CallId);
        Assert.Equal(12, a.Message.BodyLength);
        Assert.Equal(second, b.Message.CallId);
        Assert.Equal(SipTransportKind.Tcp, a.Source.Transport);
        Assert.Equal(client.LocalEndPoint, a.Source.EndPoint);
        Assert.NotEqual(0, a.Source.ConnectionId);
        Assert.Equal(a.Source.ConnectionId, b.Source.ConnectionId);
    }

    [Fact]
    public async Task A_message_split_across_many_small_writes_is_framed_once()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        string callId = SipText.NewCallId();
        byte[] message = SipText.Message(callId, 300, "TCP");

        // Small pieces with no delay: header block and body boundaries fall inside reads.
        for (int i = 0; i < message.Length; i += 7)
            await client.WriteAsync(message[i..Math.Min(i + 7, message.Length)]);

        SipInbound inbound = await h.Handler.NextAsync();
        Assert.Equal(callId, inbound.Message.CallId);
        Assert.Equal(300, inbound.Message.BodyLength);
        Assert.Equal(message, inbound.Message.Bytes.ToArray());

        // Exactly one message: a probe is the next thing delivered.
        string probe = SipText.NewCallId();
        await client.WriteAsync(SipText.Options(probe, "TCP"));
        Assert.Equal(probe, (await h.Handler.NextAsync()).Message.CallId);
    }

    [Fact]
    public async Task Double_crlf_ping_gets_a_crlf_pong()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));

        await client.WriteAsync("\r\n\r\n");
        Assert.Equal("\r\n", await client.ReadBytesAsync(2));

        // A ping split across two writes (each may arrive in its own read) is still one ping.
        await client.WriteAsync("\r\n");
        await client.WriteAsync("\r\n");
        Assert.Equal("\r\n", await client.ReadBytesAsync(2));

        // The connection still carries messages, and a ping just before one does not disturb its framing.
        string callId = SipText.NewCallId();
        await client.WriteAsync([.. "\r\n\r\n"u8, .. SipText.Options(callId, "TCP")]);
        Assert.Equal(callId, (await h.Handler.NextAsync()).Message.CallId);
        Assert.Equal("\r\n", await client.ReadBytesAsync(2));
    }

    [Fact]
    public async Task Two_content_length_headers_get_400_and_the_connection_is_closed()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        string callId = SipText.NewCallId();

        await client.WriteAsync(SipText.Message(callId, 4, "TCP", extraHeaders: "Content-Length: 4\r\n"));

        string reply = await client.ReadMessageAsync();
        Assert.StartsWith("SIP/2.0 400 ", reply, StringComparison.Ordinal);
        Assert.Contains("more than one Content-Length header", SipText.Header(reply, "Warning"), StringComparison.Ordinal);
        Assert.Equal(callId, SipText.Header(reply, "Call-ID"));
        Assert.True(await client.WaitClosedAsync());
        Assert.Equal(0, h.Handler.Count);
        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 0, "the framing-error connection is released");
    }

    [Fact]
    public async Task Content_length_over_the_limit_gets_513_and_the_connection_is_closed()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        string callId = SipText.NewCallId();

        // The header block alone announces 5000 bytes: refused before the body is read.
        await client.WriteAsync(SipText.Message(callId, 5000, "TCP", headersOnly: true));

        string reply = await client.ReadMessageAsync();
        Assert.StartsWith("SIP/2.0 513 ", reply, StringComparison.Ordinal);
        Assert.Equal(callId, SipText.Header(reply, "Call-ID"));
        Assert.True(await client.WaitClosedAsync());
        Assert.Equal(0, h.Handler.Count);
    }

    [Fact]
    public async Task Header_block_over_the_limit_closes_the_connection()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        var endless = new StringBuilder("OPTIONS sip:sbc.lab.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKbig\r\n");
        while (endless.Length < 3000)
            endless.Append("X-Padding: 0123456789012345678901234567890123456789\r\n");

        try
        {
            await client.WriteAsync(endless.ToString());
        }
        catch (IOException)
        {
            // The layer may close while the rest is still being written: that is the expected outcome too.
        }

        Assert.True(await client.WaitClosedAsync());
        Assert.Equal(0, h.Handler.Count);
    }

    [Fact]
    public async Task A_response_sent_with_the_inbound_connection_id_goes_back_on_the_same_connection()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        string callId = SipText.NewCallId();
        await client.WriteAsync(SipText.Options(callId, "TCP"));
        SipInbound inbound = await h.Handler.NextAsync();

        byte[] response = SipText.Response(callId);
        Assert.True(await h.Layer.SendAsync(inbound.Source, response));

        Assert.Equal(Encoding.ASCII.GetString(response), await client.ReadMessageAsync());
        Assert.Equal(1, h.Layer.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_opens_one_connection_and_reuses_it()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var destination = new SipDestination(SipTransportKind.Tcp, (IPEndPoint)server.LocalEndpoint);
        string first = SipText.NewCallId(), second = SipText.NewCallId();

        Assert.True(await h.Layer.SendAsync(destination, SipText.Options(first, "TCP")));
        await using StreamClient peer = await AcceptAsync(server);
        Assert.Contains(first, await peer.ReadMessageAsync(), StringComparison.Ordinal);

        Assert.True(await h.Layer.SendAsync(destination, SipText.Options(second, "TCP")));
        Assert.Contains(second, await peer.ReadMessageAsync(), StringComparison.Ordinal);
        Assert.False(server.Pending());
        Assert.Equal(1, h.Layer.ConnectionCount);

        // What the peer sends back on that connection reaches the handler, pinned to it.
        await peer.WriteAsync(SipText.Response(second));
        SipInbound response = await h.Handler.NextAsync();
        Assert.Equal(second, response.Message.CallId);
        Assert.NotEqual(0, response.Source.ConnectionId);
        Assert.Equal(destination.EndPoint, response.Source.EndPoint);
    }

    [Fact]
    public async Task Concurrent_sends_to_a_new_destination_open_a_single_connection()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var destination = new SipDestination(SipTransportKind.Tcp, (IPEndPoint)server.LocalEndpoint);
        const int Senders = 8;

        var sends = new Task<bool>[Senders];
        for (int i = 0; i < Senders; i++)
        {
            byte[] message = SipText.Options("concurrent-" + i + "@test", "TCP");
            sends[i] = Task.Run(async () => await h.Layer.SendAsync(destination, message));
        }
        bool[] results = await Task.WhenAll(sends).WaitAsync(Wait.Timeout);

        Assert.All(results, Assert.True);
        await using StreamClient peer = await AcceptAsync(server);
        for (int i = 0; i < Senders; i++)
            Assert.Contains("concurrent-", await peer.ReadMessageAsync(), StringComparison.Ordinal);
        Assert.False(server.Pending());
        Assert.Equal(1, h.Layer.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_to_a_closed_port_fails_and_releases_the_reservation()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        IPEndPoint closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = (IPEndPoint)probe.LocalEndpoint;
        }

        Assert.False(await h.Layer.SendAsync(new SipDestination(SipTransportKind.Tcp, closed), SipText.Options("x@y", "TCP")));
        Assert.Equal(0, h.Layer.ConnectionCount);
    }

    [Fact]
    public async Task The_connection_over_the_per_source_limit_is_closed_and_the_others_keep_working()
    {
        await using var h = TransportHarness.Start(Options with { MaxConnectionsPerSource = 2 }, listeners: SipTransportKind.Tcp);
        IPEndPoint server = h.Bound(SipTransportKind.Tcp);
        await using StreamClient one = await StreamClient.ConnectAsync(server);
        await using StreamClient two = await StreamClient.ConnectAsync(server);
        await ProbeAsync(h, one);
        await ProbeAsync(h, two);

        await using StreamClient three = await StreamClient.ConnectAsync(server);

        Assert.True(await three.WaitClosedAsync());
        Assert.Equal(2, h.Layer.ConnectionCount);
        await ProbeAsync(h, one);
        await ProbeAsync(h, two);

        // Closing one frees its slot for a new connection.
        await one.DisposeAsync();
        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 1, "the closed connection frees its slot");
        await using StreamClient four = await StreamClient.ConnectAsync(server);
        await ProbeAsync(h, four);
    }

    [Fact]
    public async Task Connections_reset_before_they_are_accepted_do_not_leak_slots()
    {
        await using var h = TransportHarness.Start(Options with { MaxConnectionsPerSource = 2 }, listeners: SipTransportKind.Tcp);
        IPEndPoint server = h.Bound(SipTransportKind.Tcp);

        // SYN then RST: each peer is gone before, or just after, the layer accepts it. (On Linux the accepted socket
        // still reports its peer, so this guards the release path rather than reproducing a platform's failure.)
        for (int i = 0; i < 20; i++)
        {
            using var scan = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(Wait.Timeout);
            await scan.ConnectAsync(server, timeout.Token);
            scan.LingerState = new LingerOption(true, 0);
        }

        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 0, "the reset connections are released");
        await using StreamClient one = await StreamClient.ConnectAsync(server);
        await using StreamClient two = await StreamClient.ConnectAsync(server);
        await ProbeAsync(h, one);
        await ProbeAsync(h, two);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var h = TransportHarness.Start(Options with { IdleTimeout = TimeSpan.FromSeconds(30) }, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        await ProbeAsync(h, client);

        h.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, h.Layer.ConnectionCount);
        await ProbeAsync(h, client);
        h.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.True(await client.WaitClosedAsync());
        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 0, "the idle connection is released");
    }

    [Fact]
    public async Task A_half_sent_message_is_closed_after_the_read_timeout()
    {
        var options = Options with { ReadTimeout = TimeSpan.FromSeconds(10), IdleTimeout = TimeSpan.FromHours(1) };
        await using var h = TransportHarness.Start(options, listeners: SipTransportKind.Tcp);
        await using StreamClient healthy = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        await using StreamClient loris = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        await ProbeAsync(h, healthy);
        await ProbeAsync(h, loris);
        byte[] message = SipText.Message(SipText.NewCallId(), 100, "TCP");

        await loris.WriteAsync(message[..(message.Length / 2)]);

        // Nothing signals that the half message was read, so time moves a second at a time (one sweep each) until
        // the connection closes; the idle timeout is an hour, so only the read timeout can close it this early.
        using var stop = new CancellationTokenSource(Wait.Timeout);
        Task<int> read = loris.ReadSomeAsync(stop.Token);
        while (!read.IsCompleted && !stop.IsCancellationRequested)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(read, Task.Delay(20, stop.Token));
        }

        Assert.True(read.IsCompleted, "the stalled connection was not closed");
        Assert.True(h.Clock.Elapsed < TimeSpan.FromMinutes(5), "closed only after " + h.Clock.Elapsed);
        await ProbeAsync(h, healthy);
        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 1, "the stalled connection is released");
    }

    [Fact]
    public async Task A_connection_closed_mid_message_frees_its_slot()
    {
        await using var h = TransportHarness.Start(Options, listeners: SipTransportKind.Tcp);
        StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        await ProbeAsync(h, client);
        byte[] message = SipText.Message(SipText.NewCallId(), 100, "TCP");

        await client.WriteAsync(message[..(message.Length / 2)]);
        await client.DisposeAsync();

        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 0, "the half-sent connection is released");
        Assert.Equal(1, h.Handler.Count);
    }

    /// <summary>Sends an OPTIONS on <paramref name="client"/> and waits until the handler has it.</summary>
    internal static async Task ProbeAsync(TransportHarness h, StreamClient client)
    {
        string callId = SipText.NewCallId();
        await client.WriteAsync(SipText.Options(callId, "TCP"));
        SipInbound inbound = await h.Handler.NextWithCallIdAsync(callId);
        Assert.Equal(client.LocalEndPoint, inbound.Source.EndPoint);
    }

    private static async Task<StreamClient> AcceptAsync(TcpListener server)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        Socket socket = await server.AcceptSocketAsync(timeout.Token);
        return StreamClient.Accepted(socket, new NetworkStream(socket, ownsSocket: true));
    }
}
