using System.Diagnostics;
using System.Net;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;
using Palisade.Sip.Transport;
using Xunit.Abstractions;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// Slow and broken streams (slow-loris): 50 TCP connections that send half a message and stall, and one that sends
/// a 200 KB header line without a line end. The endless line is cut off by the node's message size limit, the stalled
/// connections are closed by its read timeout, and meanwhile a fresh connection's OPTIONS is answered 200.
/// </summary>
/// <remarks>
/// The node admits at most <see cref="SipTransportOptions.MaxConnectionsPerSource"/> connections per source address,
/// so 50 stalled connections from 127.0.0.1 hold that many slots and the rest are refused. The endless line and the
/// fresh connection therefore come from other loopback addresses (127.0.0.2, 127.0.0.3 — still this host's loopback):
/// what is tested is that one stalling peer does not starve the others.
/// </remarks>
[Collection(HostileCollection.Name)]
public sealed class SlowStreamTests(HostileNode fixture, ITestOutputHelper output) : IClassFixture<HostileNode>
{
    private const int Stalled = 50;
    private const int EndlessLength = 200 * 1024;

    private static readonly SipTransportOptions Defaults = new();
    private static readonly IPAddress EndlessSource = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress FreshSource = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Stalled_and_endless_streams_do_not_stop_a_fresh_connection()
    {
        int port = fixture.Node.TcpPort;
        var peers = new List<TcpPeer>();
        try
        {
            // Half an INVITE each: the request line and a few header lines, no empty line.
            for (int i = 0; i < Stalled; i++)
            {
                TcpPeer peer = await TcpPeer.ConnectAsync(port);
                peers.Add(peer);
                await peer.SendAsync(HalfInvite(port, i));
            }
            // Refused connections are closed at once; give the node a moment to accept and refuse them all.
            await Task.WhenAll(peers.Select(p => p.WaitClosedAsync(TimeSpan.FromMilliseconds(500))));
            int open = peers.Count(p => !p.Closed);
            output.WriteLine($"{Stalled} stalled connections from 127.0.0.1: {open} held open by the node, {Stalled - open} refused (per-source limit {Defaults.MaxConnectionsPerSource})");
            Assert.Equal(Math.Min(Stalled, Defaults.MaxConnectionsPerSource), open);

            // The endless header line, written in 8 KB pieces while the fresh connection is served.
            var clock = Stopwatch.StartNew();
            Task<(int Written, bool Closed, TimeSpan ClosedAfter)> endless = SendEndlessLineAsync(port, clock);

            using (TcpPeer fresh = await TcpPeer.ConnectAsync(port, FreshSource))
            {
                Assert.True(await fresh.SendAsync(SipProbe.Options(port, "TCP")));
                List<int> codes = await fresh.ReadAnswersAsync(1, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100));
                Assert.True(codes.SequenceEqual([200]), $"fresh connection's OPTIONS got [{string.Join(',', codes)}] while streams stall:\n{fixture.OutputTail()}");
            }
            await fixture.AssertServingAsync("stalled and endless streams");

            (int written, bool closed, TimeSpan closedAfter) = await endless;
            output.WriteLine($"endless line: node closed it: {closed}, after {written} octets written, {closedAfter.TotalMilliseconds:F0} ms");
            Assert.True(closed, $"the node did not close a connection sending a {EndlessLength}-octet header line");
            // Closed by the size limit, not by the read timeout (which would take 10 s).
            Assert.True(closedAfter < Defaults.ReadTimeout, $"closed after {closedAfter}, not by the size limit");

            // The stalled ones are closed by the read timeout (a message must complete within it), freeing the slots.
            TimeSpan limit = Defaults.ReadTimeout + TimeSpan.FromSeconds(4);
            await Task.WhenAll(peers.Where(p => !p.Closed).Select(p => p.WaitClosedAsync(limit)));
            Assert.All(peers, p => Assert.True(p.Closed, "a stalled connection is still open after the read timeout"));
            output.WriteLine($"stalled connections all closed by the node {clock.Elapsed.TotalSeconds:F1} s after the stall began");
        }
        finally
        {
            foreach (TcpPeer p in peers)
                p.Dispose();
        }

        // With the slots free again, 127.0.0.1 itself is served.
        using TcpPeer again = await TcpPeer.ConnectAsync(port);
        Assert.True(await again.SendAsync(SipProbe.Options(port, "TCP")));
        Assert.Equal([200], await again.ReadAnswersAsync(1, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)));
        Assert.False(fixture.Node.HasExited);
    }

    private static async Task<(int Written, bool Closed, TimeSpan ClosedAfter)> SendEndlessLineAsync(int port, Stopwatch clock)
    {
        using TcpPeer peer = await TcpPeer.ConnectAsync(port, EndlessSource);
        byte[] start = Encoding.ASCII.GetBytes($"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\nSubject: ");
        int written = 0;
        if (await peer.SendAsync(start))
            written += start.Length;
        byte[] chunk = new byte[8 * 1024];
        Array.Fill(chunk, (byte)'x');
        while (written < EndlessLength)
        {
            if (!await peer.SendAsync(chunk))
                break; // reset by the node: it has closed the connection
            written += chunk.Length;
            await Task.Delay(10);
        }
        // Closed means end of stream or a reset on read; 3 s is far beyond the time to read 200 KB over loopback.
        bool closed = peer.Closed || await peer.WaitClosedAsync(TimeSpan.FromSeconds(3));
        return (written, closed, clock.Elapsed);
    }

    private static byte[] HalfInvite(int port, int i) => Encoding.ASCII.GetBytes(
        $"INVITE sip:+1555010{i:D2}@127.0.0.1:{port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKstall{i}{Guid.NewGuid():N}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:slow@127.0.0.1>;tag=sl");
}
