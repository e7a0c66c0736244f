using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// PROTOS c07-sip over TCP: a seeded random sample of 500 cases (the seed is printed; set PALISADE_PROTOS_SEED to
/// replay one), each on its own connection with its teardown behind it on the same stream. Over TCP the cases keep
/// their full size (up to 287 KB, past the node's 64 KiB message limit) and the stream framing is under attack too
/// (the Content-Length group). After every 100 cases and at the end, the valid case 0 is answered 403 within 2 s over
/// TCP and over UDP, and the node's memory stays bounded.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class ProtosTcpTests(HostileNode fixture, ITestOutputHelper output) : IClassFixture<HostileNode>
{
    private const int SampleSize = 500;

    [Fact]
    public async Task Random_sample_over_tcp_leaves_the_node_answering_the_valid_case()
    {
        int seed = Environment.GetEnvironmentVariable("PALISADE_PROTOS_SEED") is { Length: > 0 } s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"PROTOS TCP sample seed: {seed} (replay with PALISADE_PROTOS_SEED={seed})");
        var random = new Random(seed);
        int[] sample = Enumerable.Range(1, ProtosCorpus.CaseCount - 1).OrderBy(_ => random.Next()).Take(SampleSize).ToArray();

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentDictionary<string, int>();
        for (int k = 0; k < sample.Length; k++)
        {
            (byte[] invite, byte[] teardown) = ProtosCorpus.Load(sample[k], "TCP");
            using TcpPeer peer = await TcpPeer.ConnectAsync(fixture.Node.TcpPort);
            // Send, then move on: take the first answer or the close if it comes quickly, never wait on a case.
            bool sent = await peer.SendAsync(invite) && await peer.SendAsync(teardown);
            List<int> codes = await peer.ReadAnswersAsync(1, TimeSpan.FromMilliseconds(200), TimeSpan.Zero);
            string outcome = (codes.Count == 0 ? "none" : codes[0].ToString(CultureInfo.InvariantCulture)) + (peer.Closed || !sent ? "+closed" : "");
            answers.AddOrUpdate(outcome, 1, static (_, n) => n + 1);
            if ((k + 1) % 100 == 0)
                await AssertValidCaseAnsweredAsync($"sample #{k} (case {sample[k]})");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the run is too slow: {k} cases in {clock.Elapsed}");
        }
        await AssertValidCaseAnsweredAsync("the last case");
        await fixture.AssertServingAsync("the PROTOS TCP sample");
        long rss = fixture.AssertMemoryBelow(ProtosUdpTests.MemoryLimit);
        output.WriteLine($"{SampleSize} cases over TCP in {clock.Elapsed.TotalSeconds:F1} s; node memory {HostileNode.Mb(rss)}");
        output.WriteLine("first answer per case: " + string.Join(' ', answers.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}×{kv.Value}")));
    }

    private async Task AssertValidCaseAnsweredAsync(string after)
    {
        Assert.False(fixture.Node.HasExited, $"the node exited after {after}:\n{fixture.OutputTail()}");
        (byte[] invite, byte[] ack) = ProtosCorpus.Load(0, "TCP");
        using (TcpPeer peer = await TcpPeer.ConnectAsync(fixture.Node.TcpPort))
        {
            Assert.True(await peer.SendAsync(invite));
            List<int> codes = await peer.ReadAnswersAsync(1, TimeSpan.FromSeconds(2), TimeSpan.Zero);
            Assert.True(codes.SequenceEqual([403]), $"valid case 0 over TCP not answered 403 after {after} (got [{string.Join(',', codes)}]):\n{fixture.OutputTail()}");
            await peer.SendAsync(ack);
        }
        (byte[] udpInvite, _) = ProtosCorpus.Load(0);
        int udp = await fixture.FirstUdpAnswerAsync(udpInvite, TimeSpan.FromSeconds(2));
        Assert.True(udp == 403, $"valid case 0 over UDP not answered 403 after {after} (got {udp}, 0 = nothing)");
    }
}
