using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>The UDP listener: delivery, error replies (RFC 3261 §21.4.1, §21.5.14), silent drops, robustness, symmetric sending.</summary>
[Collection(TransportCollection.Name)]
public sealed class UdpTransportTests
{
    private static readonly SipTransportOptions SmallMessages = new() { MaxMessageSize = 2000, AgentName = "sbc.lab.test" };

    [Fact]
    public async Task Options_reaches_the_handler_with_the_source_address()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        string callId = SipText.NewCallId();

        await peer.SendToAsync(SipText.Options(callId), h.Bound(SipTransportKind.Udp));

        SipInbound inbound = await h.Handler.NextAsync();
        Assert.Equal(callId, inbound.Message.CallId);
        Assert.Equal(SipMethod.Options, inbound.Message.Method);
        Assert.Equal(SipTransportKind.Udp, inbound.Source.Transport);
        Assert.Equal(peer.LocalEndPoint, inbound.Source.EndPoint);
        Assert.Equal(0, inbound.Source.ConnectionId);
        Assert.Equal("udp", inbound.ListenerName);
    }

    [Fact]
    public async Task Malformed_request_gets_400_with_a_warning_naming_the_problem_at_the_source_port()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        string callId = SipText.NewCallId();

        await peer.SendToAsync(SipText.Options(callId, maxForwards: "seventy"), h.Bound(SipTransportKind.Udp));

        (string reply, EndPoint from) = await ReceiveAsync(peer);
        Assert.Equal("SIP/2.0 400 Bad Request", SipText.StatusLine(reply));
        Assert.Equal("399 sbc.lab.test \"Max-Forwards is not a number\"", SipText.Header(reply, "Warning"));
        Assert.Equal(callId, SipText.Header(reply, "Call-ID"));
        Assert.Equal(h.Bound(SipTransportKind.Udp), from);
        Assert.Equal(0, h.Handler.Count);
    }

    [Fact]
    public async Task Unsupported_version_gets_505()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        byte[] request = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(SipText.Options(SipText.NewCallId())).Replace("sbc.lab.test SIP/2.0", "sbc.lab.test SIP/7.0", StringComparison.Ordinal));

        await peer.SendToAsync(request, h.Bound(SipTransportKind.Udp));

        (string reply, _) = await ReceiveAsync(peer);
        Assert.StartsWith("SIP/2.0 505 ", reply, StringComparison.Ordinal);
        Assert.Contains("only SIP/2.0 is supported", SipText.Header(reply, "Warning"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_method_gets_501_with_allow()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        string text = Encoding.ASCII.GetString(SipText.Options(SipText.NewCallId()));
        byte[] request = Encoding.ASCII.GetBytes(text.Replace("OPTIONS sip:", "NEWMETHOD sip:", StringComparison.Ordinal));

        await peer.SendToAsync(request, h.Bound(SipTransportKind.Udp));

        (string reply, _) = await ReceiveAsync(peer);
        Assert.StartsWith("SIP/2.0 501 ", reply, StringComparison.Ordinal);
        Assert.Equal(SipCapabilities.Allow, SipText.Header(reply, "Allow"));
    }

    [Theory]
    [InlineData("response")]
    [InlineData("malformed-response")]
    [InlineData("garbage")]
    [InlineData("no-via")]
    [InlineData("ack-bad-version")]
    [InlineData("keepalive")]
    public async Task Responses_garbage_and_unanswerable_requests_get_nothing_back(string kind)
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        string callId = SipText.NewCallId();
        string options = Encoding.ASCII.GetString(SipText.Options(callId));
        byte[] datagram = kind switch
        {
            "response" => SipText.Response(callId),
            "malformed-response" => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(SipText.Response(callId)).Replace("CSeq: 1 OPTIONS", "CSeq: one OPTIONS", StringComparison.Ordinal)),
            "garbage" => Encoding.ASCII.GetBytes("\u0016\u0003\u0001 hello, this is not SIP at all\r\n\r\n"),
            "no-via" => Encoding.ASCII.GetBytes(options.Remove(options.IndexOf("Via:", StringComparison.Ordinal), options.IndexOf("Max-Forwards", StringComparison.Ordinal) - options.IndexOf("Via:", StringComparison.Ordinal))),
            // RFC 3261 §17.2.1: an ACK is never answered, even when its Request-Line is broken.
            "ack-bad-version" => Encoding.ASCII.GetBytes(options.Replace("OPTIONS sip:sbc.lab.test SIP/2.0", "ACK sip:sbc.lab.test SIP/7.0", StringComparison.Ordinal).Replace("1 OPTIONS", "1 ACK", StringComparison.Ordinal)),
            _ => "\r\n\r\n"u8.ToArray(),
        };

        await peer.SendToAsync(datagram, h.Bound(SipTransportKind.Udp));
        await ProbeAsync(h, peer);

        // The receive thread handles datagrams in order and sends replies synchronously on loopback: once the probe
        // reached the handler, any reply to the first datagram would already be queued at the peer.
        Assert.Equal(0, peer.Available);
        // A well-formed response goes to the handler (the transaction layer matches it); the rest never does.
        Assert.Equal(kind == "response" ? 2 : 1, h.Handler.Count);
    }

    [Fact]
    public async Task Datagram_over_the_size_limit_gets_513()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        string callId = SipText.NewCallId();

        await peer.SendToAsync(SipText.Message(callId, 3000), h.Bound(SipTransportKind.Udp));

        (string reply, _) = await ReceiveAsync(peer);
        Assert.StartsWith("SIP/2.0 513 ", reply, StringComparison.Ordinal);
        Assert.Equal(callId, SipText.Header(reply, "Call-ID"));
        Assert.Equal(0, h.Handler.Count);
    }

    [Fact]
    public async Task Datagram_at_the_size_limit_is_delivered()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        string callId = SipText.NewCallId();
        int headerLength = SipText.Message(callId, 0, headersOnly: true).Length;
        // Content-Length gains digits as the body grows: "0" → "1xxx".
        byte[] exact = SipText.Message(callId, 2000 - headerLength - 3);
        Assert.Equal(2000, exact.Length);

        await peer.SendToAsync(exact, h.Bound(SipTransportKind.Udp));

        SipInbound inbound = await h.Handler.NextAsync();
        Assert.Equal(callId, inbound.Message.CallId);
    }

    [Fact]
    public async Task Listener_survives_a_thousand_garbage_datagrams()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        IPEndPoint server = h.Bound(SipTransportKind.Udp);
        var random = new Random(5060);
        byte[] valid = SipText.Message(SipText.NewCallId(), 40);

        for (int i = 0; i < 1000; i++)
        {
            byte[] datagram;
            if (i % 2 == 0)
            {
                // Pure noise, some of it larger than the limit (the 513 path parses what it can).
                datagram = new byte[random.Next(1, 3000)];
                random.NextBytes(datagram);
            }
            else
            {
                // A valid request with a few bytes changed reaches deeper into the parser and the reply path.
                datagram = (byte[])valid.Clone();
                for (int k = random.Next(1, 8); k > 0; k--)
                    datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
            }
            await peer.SendToAsync(datagram, server);

            // Pace the flood so the socket buffer never overflows (a lost probe would make the test flaky),
            // and prove the listener is alive along the way.
            if (i % 50 == 49)
                await ProbeAsync(h, peer);
        }

        await ProbeAsync(h, peer);
    }

    [Fact]
    public async Task SendAsync_to_udp_leaves_from_the_listener_port()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Udp);
        using Socket peer = TransportHarness.UdpPeer();
        byte[] request = SipText.Options(SipText.NewCallId());

        bool sent = await h.Layer.SendAsync(new SipDestination(SipTransportKind.Udp, (IPEndPoint)peer.LocalEndPoint!), request);

        Assert.True(sent);
        (string received, EndPoint from) = await ReceiveAsync(peer);
        Assert.Equal(Encoding.ASCII.GetString(request), received);
        // Symmetric signalling: the peer answers to the port it sees, which must be the listener's.
        Assert.Equal(h.Bound(SipTransportKind.Udp), from);
    }

    [Fact]
    public async Task SendAsync_to_udp_without_a_udp_listener_fails()
    {
        await using var h = TransportHarness.Start(SmallMessages, listeners: SipTransportKind.Tcp);
        using Socket peer = TransportHarness.UdpPeer();

        Assert.False(await h.Layer.SendAsync(new SipDestination(SipTransportKind.Udp, (IPEndPoint)peer.LocalEndPoint!), SipText.Options("x@y")));
    }

    /// <summary>Sends a valid OPTIONS and waits until the handler has it: everything sent before was processed.</summary>
    private static async Task ProbeAsync(TransportHarness h, Socket peer)
    {
        string callId = SipText.NewCallId();
        await peer.SendToAsync(SipText.Options(callId), h.Bound(SipTransportKind.Udp));
        await h.Handler.NextWithCallIdAsync(callId);
    }

    private static async Task<(string Text, EndPoint From)> ReceiveAsync(Socket peer)
    {
        byte[] buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        SocketReceiveFromResult r = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return (Encoding.ASCII.GetString(buffer, 0, r.ReceivedBytes), r.RemoteEndPoint);
    }
}
