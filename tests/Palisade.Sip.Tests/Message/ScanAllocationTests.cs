using System.Text;
using Palisade.Sip.Message;
using Palisade.Sip.Tests.Corpus;

namespace Palisade.Sip.Tests.Message;

/// <summary>DESIGN.md §7: framing and the header scan allocate nothing.</summary>
public sealed class ScanAllocationTests
{
    [Fact]
    public void Frame_and_scan_allocate_zero_bytes()
    {
        byte[] invite = Encoding.ASCII.GetBytes(MutationTests.Invite);
        byte[] pipelined = Encoding.ASCII.GetBytes("\r\n\r\n" + MutationTests.Invite + MutationTests.Invite);
        var fields = new HeaderField[SipFramer.MaxHeaders];
        int sink = 0;

        for (int i = 0; i < 1000; i++)
            sink += Run(invite, pipelined, fields);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
            sink += Run(invite, pipelined, fields);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sink > 0);
    }

    private static int Run(byte[] invite, byte[] pipelined, HeaderField[] fields)
    {
        int total = 0;
        FrameStatus s = SipFramer.FrameStream(invite, SipFramer.DefaultMaxMessageSize, out int length, out _);
        if (s == FrameStatus.Complete)
            total += length;

        int offset = 0;
        while (offset < pipelined.Length && SipFramer.FrameStream(pipelined.AsSpan(offset), SipFramer.DefaultMaxMessageSize, out int n, out _) is FrameStatus.Complete or FrameStatus.KeepAlive)
            offset += n;
        total += offset;

        int start = Array.IndexOf(invite, (byte)'\n') + 1;
        if (HeaderScanner.Scan(invite, start, fields, out int count, out _) == HeaderScanStatus.Ok)
            total += count;
        total += (int)HeaderNames.Lookup("Content-Length"u8);
        return total;
    }
}
