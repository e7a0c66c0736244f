using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>A stream peer that never reads its answers must not make the node queue them without limit.</summary>
[Collection(TransportCollection.Name)]
public sealed class SlowReaderTests
{
    [Fact]
    public async Task A_connection_whose_peer_does_not_read_is_closed_once_writes_back_up()
    {
        await using var h = TransportHarness.Start(new SipTransportOptions { AgentName = "sbc.lab.test" }, listeners: SipTransportKind.Tcp);
        await using StreamClient client = await StreamClient.ConnectAsync(h.Bound(SipTransportKind.Tcp));
        await client.WriteAsync(SipText.Options(SipText.NewCallId(), "TCP"));
        SipDestination peer = (await h.Handler.NextAsync()).Source;

        // 64 KB answers the client never reads: the socket buffers fill, writes wait, and past the limit of waiting
        // writes the node gives up on the peer instead of holding every answer.
        byte[] answer = new byte[64 * 1024];
        var sends = new List<Task<bool>>();
        for (int i = 0; i < 1000; i++)
            sends.Add(h.Layer.SendAsync(peer, answer).AsTask());

        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 0, "the non-reading connection is closed");
        bool[] results = await Task.WhenAll(sends).WaitAsync(Wait.Timeout);
        // What fits in the loopback socket buffers (a few MB) is written; beyond that at most MaxPendingWrites wait.
        int written = results.Count(r => r);
        Assert.True(written <= StreamConnection.MaxPendingWrites + 200, $"{written} of 1000 answers were written to a peer that never reads");
        Assert.True(results.Length - written >= 500, $"only {results.Length - written} sends failed");
    }
}
