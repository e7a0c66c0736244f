using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>With several UDP listeners an answer leaves from the socket its request arrived on (RFC 3581 §4).</summary>
[Collection(TransportCollection.Name)]
public sealed class UdpSymmetricTests
{
    [Fact]
    public async Task An_answer_leaves_from_the_listener_the_request_reached()
    {
        await using var h = TransportHarness.Start(new SipTransportOptions(), null, SipTransportKind.Udp, SipTransportKind.Udp);
        IPEndPoint second = h.Layer.Listeners[1].Bound;
        Assert.NotEqual(h.Layer.Listeners[0].Bound, second);
        using Socket peer = TransportHarness.UdpPeer();

        await peer.SendToAsync(SipText.Options(SipText.NewCallId()), SocketFlags.None, second);
        SipInbound inbound = await h.Handler.NextAsync();
        Assert.True(await h.Layer.SendAsync(inbound.Source, Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\n\r\n")));

        byte[] buffer = new byte[2048];
        using var cts = new CancellationTokenSource(Wait.Timeout);
        SocketReceiveFromResult r = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        Assert.Equal(second, r.RemoteEndPoint);
    }
}
