using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// The other half of a slow stream: a peer that pipelines requests but never reads the answers. Its receive window
/// fills, the node's writes to it stop completing, and every further answer can only wait. A node must bound that
/// (stop reading from the connection until its writes drain, or close it); otherwise one TCP peer makes it queue
/// answers without limit. Afterwards the node must still serve others and its memory must stay bounded.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class SlowReaderTests(HostileNode fixture, ITestOutputHelper output) : IClassFixture<HostileNode>
{
    private const int Requests = 100_000;
    private const int Batch = 100;

    /// <summary>
    /// 100,000 answered OPTIONS are ~50 MB of answers; a node that holds them all (plus a pending write each) grows by
    /// far more than this, a node with backpressure by next to nothing.
    /// </summary>
    private const long GrowthLimit = 64L * 1024 * 1024;

    /// <param name="malformed">
    /// False: well-formed OPTIONS, answered 200 through the transaction layer. True: OPTIONS whose CSeq names another
    /// method, answered 400 by the transport's inbound processor (RFC 4475 §3.1.2.17) — the other path to the wire.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Peer_that_never_reads_cannot_make_the_node_queue_without_bound(bool malformed)
    {
        int port = fixture.Node.TcpPort;
        long before = fixture.ResidentBytes();
        var clock = Stopwatch.StartNew();
        int sent = 0;
        bool closedByNode = false;
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            // A small receive buffer: the window closes after a few answers, as with a peer that stopped reading.
            socket.ReceiveBufferSize = 4096;
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            // Writes stop completing once the node stops reading from us (backpressure); 20 s bounds the attempt.
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                while (sent < Requests)
                {
                    byte[] batch = Pipelined(port, sent, Batch, malformed);
                    int offset = 0;
                    while (offset < batch.Length)
                        offset += await socket.SendAsync(batch.AsMemory(offset), SocketFlags.None, budget.Token);
                    sent += Batch;
                }
            }
            catch (OperationCanceledException)
            {
                // The node stopped reading: writes blocked until the budget ran out.
            }
            catch (SocketException)
            {
                closedByNode = true;
            }
            long during = fixture.ResidentBytes();
            output.WriteLine($"sent {sent} pipelined {(malformed ? "malformed " : "")}OPTIONS without reading in {clock.Elapsed.TotalSeconds:F1} s (closed by node: {closedByNode}); node memory {HostileNode.Mb(before)} -> {HostileNode.Mb(during)}");

            // While that connection is still open and unread, others are served.
            await fixture.AssertServingAsync("a peer that never reads");
            using (TcpPeer fresh = await TcpPeer.ConnectAsync(port, IPAddress.Parse("127.0.0.3")))
            {
                Assert.True(await fresh.SendAsync(Infrastructure.SipProbe.Options(port, "TCP")));
                Assert.Equal([200], await fresh.ReadAnswersAsync(1, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)));
            }
            Assert.True(during - before < GrowthLimit,
                $"node memory grew by {HostileNode.Mb(during - before)} while a peer pipelined {sent} requests without reading (limit {HostileNode.Mb(GrowthLimit)})");
        }
        Assert.False(fixture.Node.HasExited);
    }

    private static byte[] Pipelined(int port, int first, int count, bool malformed)
    {
        // A unique branch per connection run: the theory's two runs share the node.
        string run = Guid.NewGuid().ToString("N")[..8];
        string cseq = malformed ? "INVITE" : "OPTIONS";
        var sb = new StringBuilder();
        for (int i = first; i < first + count; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK{run}sr{i}\r\nMax-Forwards: 70\r\n" +
                $"From: <sip:reader@127.0.0.1>;tag=sr\r\nTo: <sip:127.0.0.1:{port}>\r\nCall-ID: {run}sr{i}@slow.reader\r\nCSeq: 1 {cseq}\r\nContent-Length: 0\r\n\r\n");
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
