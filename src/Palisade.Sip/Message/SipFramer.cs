using System.Buffers;

namespace Palisade.Sip.Message;

/// <summary>
/// Finds where a SIP message ends. On streams the Content-Length header is mandatory and decides the body size
/// (RFC 3261 §18.3); a bad or repeated one makes the stream unrecoverable (RFC 4475 §3.1.2.3, §3.3.9).
/// Allocation-free: header lines are checked one by one and not stored.
/// </summary>
internal static class SipFramer
{
    /// <summary>RFC 3261 §18.1.1: larger requests go over a congestion-controlled transport; 64 KiB bounds the rest.</summary>
    public const int DefaultMaxMessageSize = 65535;

    /// <summary>Header lines per message beyond which a message is refused (a hostile-input bound).</summary>
    public const int MaxHeaders = 256;

    /// <summary>Frames one message at the start of <paramref name="data"/> (a stream buffer).</summary>
    /// <param name="length">For Complete: the message length; for KeepAlive: the number of CR/LF bytes to skip; for
    /// NeedMore: the total length the message needs once its header block is known, else 0.</param>
    public static FrameStatus FrameStream(ReadOnlySpan<byte> data, int maxMessageSize, out int length, out string? error)
    {
        error = null;
        length = 0;
        if (data.IsEmpty)
            return FrameStatus.NeedMore;
        if (data[0] == (byte)'\r' || data[0] == (byte)'\n')
        {
            int n = data.IndexOfAnyExcept((byte)'\r', (byte)'\n');
            length = n < 0 ? data.Length : n;
            return FrameStatus.KeepAlive;
        }

        int headerEnd = FindHeaderEnd(data);
        if (headerEnd < 0)
        {
            if (data.Length >= maxMessageSize)
            {
                error = "header block larger than the message size limit";
                return FrameStatus.TooLarge;
            }
            return FrameStatus.NeedMore;
        }
        if (headerEnd > maxMessageSize)
        {
            error = "header block larger than the message size limit";
            return FrameStatus.TooLarge;
        }

        // One pass over the header lines: each is checked and named, none is stored (no 256-field buffer to clear).
        var reader = new HeaderLineReader(data.Slice(0, headerEnd), data.IndexOf((byte)'\n') + 1);
        int count = 0, contentLength = 0;
        bool seen = false;
        while (reader.TryNext(out HeaderField field))
        {
            if (++count > MaxHeaders)
            {
                error = "too many header lines";
                return FrameStatus.Invalid;
            }
            if (field.Id != HeaderId.ContentLength)
                continue;
            if (seen)
            {
                error = "more than one Content-Length header";
                return FrameStatus.Invalid;
            }
            seen = true;
            if (!TryParseContentLength(data.Slice(field.ValueStart, field.ValueLength), out contentLength))
            {
                error = "Content-Length is not a non-negative integer";
                return FrameStatus.Invalid;
            }
        }
        if (reader.Status != HeaderScanStatus.Ok)
        {
            error = "malformed header line";
            return FrameStatus.Invalid;
        }
        int bodyStart = reader.BodyStart;
        // §18.3 makes Content-Length mandatory on streams; a missing one can only mean no body (contentLength 0).

        long total = (long)bodyStart + contentLength;
        if (total > maxMessageSize)
        {
            error = "message larger than the message size limit";
            return FrameStatus.TooLarge;
        }
        if (total > data.Length)
        {
            length = (int)total; // how much is needed: the caller need not frame again before it has that much
            return FrameStatus.NeedMore;
        }
        length = (int)total;
        return FrameStatus.Complete;
    }

    /// <summary>Frames one message at the start of a (possibly multi-segment) pipe buffer.</summary>
    public static FrameStatus FrameStream(in ReadOnlySequence<byte> buffer, int maxMessageSize, out int length, out string? error)
    {
        if (buffer.IsSingleSegment)
            return FrameStream(buffer.FirstSpan, maxMessageSize, out length, out error);

        // Rare: the message straddles pipe segments. Look at a contiguous copy of at most the size limit (+1 so
        // an over-long header block is still recognised as too large).
        int n = (int)Math.Min(buffer.Length, (long)maxMessageSize + 1);
        byte[] rented = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            buffer.Slice(0, n).CopyTo(rented);
            return FrameStream(rented.AsSpan(0, n), maxMessageSize, out length, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Index just past the empty line that ends the header block, or -1 (CRLF CRLF, or bare LF LF).</summary>
    public static int FindHeaderEnd(ReadOnlySpan<byte> data)
    {
        // CRLF CRLF is the norm: find it first, then look for a bare LF LF only before it (not through the body).
        int crlf = data.IndexOf("\n\r\n"u8);
        int lf = (crlf < 0 ? data : data.Slice(0, crlf + 1)).IndexOf("\n\n"u8);
        if (lf >= 0)
            return lf + 2;
        return crlf < 0 ? -1 : crlf + 3;
    }

    internal static ContentLengthStatus GetContentLength(ReadOnlySpan<byte> message, ReadOnlySpan<HeaderField> fields, out int value)
    {
        value = 0;
        bool seen = false;
        foreach (ref readonly HeaderField f in fields)
        {
            if (f.Id != HeaderId.ContentLength)
                continue;
            if (seen)
                return ContentLengthStatus.Repeated;
            seen = true;
            if (!TryParseContentLength(message.Slice(f.ValueStart, f.ValueLength), out value))
                return ContentLengthStatus.Malformed;
        }
        return seen ? ContentLengthStatus.Present : ContentLengthStatus.Missing;
    }

    /// <summary>1*DIGIT, at most 9 digits so it fits an int (anything that long is beyond every size limit anyway).</summary>
    private static bool TryParseContentLength(ReadOnlySpan<byte> v, out int value)
    {
        value = 0;
        if (v.IsEmpty || v.Length > 9 || v.IndexOfAnyExcept(SipChars.Digits) >= 0)
            return false;
        int n = 0;
        foreach (byte d in v)
            n = (n * 10) + (d - '0');
        value = n;
        return true;
    }
}

internal enum ContentLengthStatus : byte
{
    Missing,
    Present,
    Repeated,
    Malformed,
}
