using System.Text;
using BenchmarkDotNet.Attributes;
using Palisade.Sip.Message;
using Palisade.Sip.Sdp;

namespace Palisade.Benchmarks;

/// <summary>DESIGN.md §7 parser target: ≥ 1 M INVITE frame+scans per second per core, 0 B allocated for the scan.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly byte[] _invite = Encoding.ASCII.GetBytes(TeamsMessages.Invite);
    private readonly byte[] _options = Encoding.ASCII.GetBytes(TeamsMessages.Options);
    private readonly byte[] _ok = Encoding.ASCII.GetBytes(TeamsMessages.Ok200);
    private readonly byte[] _sdp = Encoding.ASCII.GetBytes(TeamsMessages.Sdp);
    private SipMessage _parsedInvite = null!;

    [GlobalSetup]
    public void Setup() => _parsedInvite = SipParser.ParseDatagram(_invite, out _)!;

    /// <summary>Frame one stream message: find the header end, scan every header line, read Content-Length.</summary>
    [Benchmark]
    public int FrameScanInvite() => Frame(_invite);

    [Benchmark]
    public int FrameScanOptions() => Frame(_options);

    [Benchmark]
    public int FrameScan200Ok() => Frame(_ok);

    [Benchmark]
    public SipMessage? ParseInvite() => SipParser.ParseDatagram(_invite, out _);

    [Benchmark]
    public SipMessage? ParseOptions() => SipParser.ParseDatagram(_options, out _);

    [Benchmark]
    public SipMessage? Parse200Ok() => SipParser.ParseDatagram(_ok, out _);

    /// <summary>The 100 Trying / error-response path: SipResponses.Start + Finish into a pooled buffer.</summary>
    [Benchmark]
    public int WriteResponse()
    {
        using SipMessageWriter w = SipResponses.Start(_parsedInvite, 486, toTag: "a1b2c3d4");
        return w.Finish().Length;
    }

    [Benchmark]
    public SdpSession ParseSdp() => SdpSession.Parse(_sdp);

    private static int Frame(byte[] message)
    {
        SipFramer.FrameStream(message, SipFramer.DefaultMaxMessageSize, out int length, out _);
        return length;
    }
}
