using System.Buffers;
using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class SipFramerTests
{
    private const int Max = SipFramer.DefaultMaxMessageSize;

    private static string Request(string contentLengthLine, string body = "") =>
        "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nCall-ID: x\r\n" + contentLengthLine + "\r\n" + body;

    private static FrameStatus Frame(string text, out int length, out string? error, int max = Max)
        => SipFramer.FrameStream(Encoding.ASCII.GetBytes(text), max, out length, out error);

    [Fact]
    public void Complete_message_with_body()
    {
        string m = Request("Content-Length: 4\r\n", "abcd");
        Assert.Equal(FrameStatus.Complete, Frame(m, out int length, out string? error));
        Assert.Equal(m.Length, length);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("\r\n\r\n", 4)]
    [InlineData("\r\n", 2)]
    [InlineData("\n", 1)]
    [InlineData("\r\n\r\nOPTIONS", 4)]
    public void Keep_alive_crlfs(string text, int skip)
    {
        // RFC 5626 §3.5.1 ping ("\r\n\r\n") and pong ("\r\n") between messages.
        Assert.Equal(FrameStatus.KeepAlive, Frame(text, out int length, out _));
        Assert.Equal(skip, length);
    }

    [Fact]
    public void Empty_and_partial_messages_need_more()
    {
        Assert.Equal(FrameStatus.NeedMore, Frame("", out _, out _));
        string m = Request("Content-Length: 10\r\n", "0123456789");
        for (int cut = 1; cut < m.Length; cut++)
            Assert.Equal(FrameStatus.NeedMore, Frame(m[..cut], out _, out _));
        Assert.Equal(FrameStatus.Complete, Frame(m, out int length, out _));
        Assert.Equal(m.Length, length);
    }

    [Fact]
    public void Missing_content_length_means_no_body()
    {
        string m = Request("");
        Assert.Equal(FrameStatus.Complete, Frame(m + "NEXT", out int length, out _));
        Assert.Equal(m.Length, length);
    }

    [Fact]
    public void Compact_content_length()
    {
        string m = Request("l: 2\r\n", "ab");
        Assert.Equal(FrameStatus.Complete, Frame(m, out int length, out _));
        Assert.Equal(m.Length, length);
    }

    [Theory]
    [InlineData("Content-Length: 1\r\nContent-Length: 1\r\n", "more than one")]   // RFC 4475 §3.3.9
    [InlineData("Content-Length: -999\r\n", "non-negative")]                       // RFC 4475 §3.1.2.3
    [InlineData("Content-Length: 1x\r\n", "non-negative")]
    [InlineData("Content-Length: \r\n", "non-negative")]
    [InlineData("Content-Length: 99999999999\r\n", "non-negative")]
    public void Bad_content_length_is_invalid(string header, string reason)
    {
        Assert.Equal(FrameStatus.Invalid, Frame(Request(header, "x"), out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_header_lines_is_invalid()
    {
        string many = "OPTIONS sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", SipFramer.MaxHeaders + 1)) + "\r\n";
        Assert.Equal(FrameStatus.Invalid, Frame(many, out _, out string? error));
        Assert.Equal("too many header lines", error);
        string enough = "OPTIONS sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", SipFramer.MaxHeaders)) + "\r\n";
        Assert.Equal(FrameStatus.Complete, Frame(enough, out _, out _));
    }

    [Fact]
    public void Malformed_header_block_is_invalid()
    {
        Assert.Equal(FrameStatus.Invalid, Frame("OPTIONS sip:a@b SIP/2.0\r\nno colon\r\n\r\n", out _, out string? error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Too_large()
    {
        // Content-Length beyond the limit is refused before the body arrives.
        Assert.Equal(FrameStatus.TooLarge, Frame(Request("Content-Length: 70000\r\n"), out _, out string? error));
        Assert.Contains("size limit", error, StringComparison.Ordinal);

        // A header block that never ends is refused once it reaches the limit.
        string endless = "OPTIONS sip:a@b SIP/2.0\r\n" + new string('X', 300) + ": y";
        Assert.Equal(FrameStatus.NeedMore, Frame(endless, out _, out _, max: 1000));
        Assert.Equal(FrameStatus.TooLarge, Frame(endless + new string('y', 700), out _, out _, max: 1000));
    }

    [Fact]
    public void Pipelined_messages_frame_one_at_a_time()
    {
        string a = Request("Content-Length: 3\r\n", "abc");
        string b = Request("Content-Length: 0\r\n");
        byte[] stream = Encoding.ASCII.GetBytes("\r\n\r\n" + a + b + "\r\n" + a);
        var framed = new List<int>();
        int offset = 0;
        while (offset < stream.Length)
        {
            FrameStatus s = SipFramer.FrameStream(stream.AsSpan(offset), Max, out int length, out _);
            Assert.True(s is FrameStatus.Complete or FrameStatus.KeepAlive, s.ToString());
            if (s == FrameStatus.Complete)
                framed.Add(length);
            offset += length;
        }
        Assert.Equal([a.Length, b.Length, a.Length], framed);
    }

    [Fact]
    public void Multi_segment_sequence()
    {
        string text = Request("Content-Length: 5\r\n", "hello");
        byte[] bytes = Encoding.ASCII.GetBytes(text + "OPTIONS");
        for (int cut1 = 1; cut1 < bytes.Length - 1; cut1 += 7)
        {
            int cut2 = Math.Min(bytes.Length - 1, cut1 + 11);
            ReadOnlySequence<byte> seq = Segments.Create(bytes[..cut1], bytes[cut1..cut2], bytes[cut2..]);
            Assert.False(seq.IsSingleSegment);
            Assert.Equal(FrameStatus.Complete, SipFramer.FrameStream(seq, Max, out int length, out _));
            Assert.Equal(text.Length, length);
        }

        // Partial across segments.
        byte[] part = Encoding.ASCII.GetBytes(text[..^2]);
        Assert.Equal(FrameStatus.NeedMore, SipFramer.FrameStream(Segments.Create(part[..10], part[10..]), Max, out _, out _));
    }

    [Fact]
    public void Multi_segment_too_large_header_block()
    {
        byte[] big = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\n" + new string('X', 2000));
        Assert.Equal(FrameStatus.TooLarge, SipFramer.FrameStream(Segments.Create(big[..500], big[500..]), 1000, out _, out _));
    }

    [Theory]
    [InlineData("A\r\n\r\nB", 5)]
    [InlineData("A\n\nB", 3)]
    [InlineData("A\n\r\nB", 4)]
    [InlineData("A\r\nB\n\nC\r\n\r\n", 6)]
    [InlineData("A\n\n\r\nB", 3)]
    [InlineData("A\r\nB", -1)]
    [InlineData("", -1)]
    public void Find_header_end(string text, int expected) => Assert.Equal(expected, SipFramer.FindHeaderEnd(Encoding.ASCII.GetBytes(text)));

    /// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/> the way a pipe hands one over.</summary>
    internal static class Segments
    {
        public static ReadOnlySequence<byte> Create(params byte[][] parts)
        {
            var first = new Segment(parts[0], 0);
            Segment last = first;
            for (int i = 1; i < parts.Length; i++)
                last = last.Append(parts[i]);
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }

        private sealed class Segment : ReadOnlySequenceSegment<byte>
        {
            public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
            {
                Memory = memory;
                RunningIndex = runningIndex;
            }

            public Segment Append(ReadOnlyMemory<byte> memory)
            {
                var next = new Segment(memory, RunningIndex + Memory.Length);
                Next = next;
                return next;
            }
        }
    }
}
