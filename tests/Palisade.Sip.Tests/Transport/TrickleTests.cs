using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>
/// A message that arrives a byte at a time is framed once it is whole, with the framer resuming where it stopped
/// rather than re-scanning from the start on every read.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class TrickleTests
{
    [Fact]
    public async Task A_message_trickled_byte_by_byte_is_delivered_once_and_intact()
    {
        await using var h = TransportHarness.Start(new SipTransportOptions { AgentName = "sbc.lab.test" }, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        string callId = SipText.NewCallId();
        byte[] message = SipText.Message(callId, 200, "TCP", extraHeaders: "X-Padding: " + new string('p', 2000) + "\r\n");
        string next = SipText.NewCallId();

        foreach (byte b in message)
            await client.WriteAsync([b]);
        await client.WriteAsync(SipText.Options(next, "TCP"));

        SipInbound first = await h.Handler.NextAsync();
        Assert.Equal(message, first.Message.Bytes.ToArray());
        Assert.Equal(next, (await h.Handler.NextAsync()).Message.CallId);
    }
}
