using System.Diagnostics;
using Xunit.Abstractions;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// PROTOS c07-sip, all 4,527 cases over UDP to a running node, each INVITE followed by its teardown. PROTOS's only
/// verdict is robustness (README): after every 100 cases and at the end the valid case 0 is still answered (403: the
/// test peer is no trunk) within 2 s, the process is alive, its memory bounded, and the kernel dropped none of the
/// cases (so all of them were really read).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class ProtosUdpTests(HostileNode fixture, ITestOutputHelper output) : IClassFixture<HostileNode>
{
    /// <summary>Generous: the node idles well under 100 MB; a leak of a few KB per case would cross it.</summary>
    internal const long MemoryLimit = 300L * 1024 * 1024;

    [Fact]
    public async Task Every_case_over_udp_leaves_the_node_answering_the_valid_case()
    {
        var clock = Stopwatch.StartNew();
        long rssBefore = fixture.ResidentBytes();
        long dropsBefore = fixture.UdpDrops();
        await using var sender = new PacedUdpSender(fixture);

        for (int i = 0; i < ProtosCorpus.CaseCount; i++)
        {
            (byte[] invite, byte[] teardown) = ProtosCorpus.Load(i);
            await sender.SendAsync(invite);
            await sender.SendAsync(teardown);
            if ((i + 1) % 100 == 0)
                await AssertValidCaseAnsweredAsync(sender, $"case {i}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"the run is too slow: {i} cases in {clock.Elapsed}");
        }
        await AssertValidCaseAnsweredAsync(sender, "the last case");
        await fixture.AssertServingAsync("the PROTOS run");

        long rss = fixture.AssertMemoryBelow(MemoryLimit);
        long drops = fixture.UdpDrops() - dropsBefore;
        output.WriteLine($"{ProtosCorpus.CaseCount} cases, {sender.Sent} datagrams ({sender.Truncated} cut to {PacedUdpSender.MaxDatagram} octets, the UDP maximum) in {clock.Elapsed.TotalSeconds:F1} s; {sender.Syncs} pacing syncs");
        output.WriteLine($"answers seen: {HostileNode.Histogram(sender.Answers)}");
        output.WriteLine($"node memory {HostileNode.Mb(rssBefore)} -> {HostileNode.Mb(rss)}; kernel drops on its UDP socket: {drops}");
        Assert.Equal(0, drops);
    }

    /// <summary>Case 0, the valid INVITE, from a fresh socket: 403 within 2 s; then its ACK, as PROTOS's runner does.</summary>
    private async Task AssertValidCaseAnsweredAsync(PacedUdpSender sender, string after)
    {
        (byte[] invite, byte[] ack) = ProtosCorpus.Load(0);
        int status = await fixture.FirstUdpAnswerAsync(invite, TimeSpan.FromSeconds(2));
        Assert.False(fixture.Node.HasExited, $"the node exited after {after}:\n{fixture.OutputTail()}");
        Assert.True(status == 403, $"valid case 0 not answered 403 after {after} (got {status}, 0 = nothing):\n{fixture.OutputTail()}");
        await sender.SendAsync(ack);
    }
}
