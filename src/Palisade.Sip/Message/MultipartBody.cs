using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// A multipart body (RFC 2046 §5.1) as SIP uses it: SDP plus PIDF-LO in emergency calls (RFC 6442), S/MIME
/// (RFC 3261 §23), or the RFC 4475 §3.1.1.11 MESSAGE. Parts are ranges into the body; binary content (NUL bytes
/// included) is never interpreted.
/// </summary>
public sealed class MultipartBody
{
    /// <summary>A hostile-input bound on the number of parts.</summary>
    public const int MaxParts = 32;

    private MultipartBody(string mediaType, string boundary, IReadOnlyList<MultipartPart> parts)
    {
        MediaType = mediaType;
        Boundary = boundary;
        Parts = parts;
    }

    /// <summary>Lower-case "multipart/subtype".</summary>
    public string MediaType { get; }
    public string Boundary { get; }
    public IReadOnlyList<MultipartPart> Parts { get; }

    /// <summary>The first part of <paramref name="contentType"/> (lower-case type/subtype), or null.</summary>
    public MultipartPart? Find(string contentType)
    {
        foreach (MultipartPart p in Parts)
        {
            if (p.ContentType == contentType)
                return p;
        }
        return null;
    }

    /// <param name="contentType">The Content-Type header value, e.g. <c>multipart/mixed;boundary="b1"</c>.</param>
    /// <param name="body">The message body.</param>
    public static bool TryParse(ReadOnlySpan<byte> contentType, ReadOnlySpan<byte> body, out MultipartBody? result, out string? error)
    {
        result = null;
        error = ReadContentType(contentType, out string mediaType, out string boundary);
        if (error is not null)
            return false;
        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary);

        // The first delimiter may open the body or follow a preamble (which is ignored); later ones are preceded by a
        // line break that belongs to the delimiter, not to the part before it (§5.1.1).
        int position = body.StartsWith(delimiter) ? 0 : FindDelimiter(body, 0, delimiter, out _);
        if (position < 0)
        {
            error = "multipart body does not contain its boundary";
            return false;
        }
        var parts = new List<MultipartPart>();
        while (true)
        {
            int after = position + delimiter.Length;
            if (body.Slice(after).StartsWith("--"u8))
                break; // close-delimiter; the epilogue is ignored
            int lineEnd = SkipToLineEnd(body, after);
            if (lineEnd < 0)
            {
                error = "multipart boundary line is followed by something other than a line break";
                return false;
            }
            int partStart = lineEnd;
            int next = FindDelimiter(body, partStart, delimiter, out int partEnd);
            if (next < 0)
            {
                error = "multipart body has no closing boundary";
                return false;
            }
            if (parts.Count == MaxParts)
            {
                error = "multipart body has too many parts";
                return false;
            }
            error = ReadPart(body, partStart, partEnd, out MultipartPart? part);
            if (error is not null)
                return false;
            parts.Add(part!);
            position = next;
        }
        if (parts.Count == 0)
        {
            error = "multipart body has no parts";
            return false;
        }
        result = new MultipartBody(mediaType, boundary, parts);
        return true;
    }

    private static string? ReadContentType(ReadOnlySpan<byte> value, out string mediaType, out string boundary)
    {
        mediaType = "";
        boundary = "";
        var r = new ValueReader(value);
        r.SkipLws();
        ReadOnlySpan<byte> type = r.ReadToken();
        if (!Ascii.EqualsIgnoreCase(type, "multipart"u8) || !r.TryConsumeSeparator((byte)'/'))
            return "Content-Type is not multipart/*";
        ReadOnlySpan<byte> subtype = r.ReadToken();
        if (subtype.IsEmpty)
            return "Content-Type has no multipart subtype";
        mediaType = "multipart/" + Encoding.ASCII.GetString(subtype).ToLowerInvariant();
        string? b = FindBoundary(r.Remaining);
        // RFC 2046 §5.1.1: 1 to 70 characters, not ending in a space.
        if (string.IsNullOrEmpty(b) || b.Length > 70 || b[^1] == ' ')
            return "multipart Content-Type has no valid boundary parameter";
        boundary = b;
        return null;
    }

    /// <summary>
    /// The boundary parameter. MIME parameters (RFC 2045 §5.1) are read liberally: an unquoted value runs to the next
    /// ';' or white space, so a peer's unquoted <c>type=application/sdp</c> does not hide the boundary.
    /// </summary>
    private static string? FindBoundary(ReadOnlySpan<byte> parameters)
    {
        var r = new ValueReader(parameters);
        while (true)
        {
            r.SkipLws();
            if (!r.TryConsume((byte)';'))
                return null;
            r.SkipLws();
            ReadOnlySpan<byte> name = r.ReadToken();
            if (!r.TryConsumeSeparator((byte)'='))
                continue;
            ReadOnlySpan<byte> value;
            if (r.Peek() == '"')
            {
                if (!r.TryReadQuoted(out value))
                    return null;
            }
            else
            {
                int start = r.Position;
                while (!r.AtEnd && r.Peek() is not (';' or ' ' or '\t' or '\r' or '\n'))
                    r.Position++;
                value = parameters.Slice(start, r.Position - start);
            }
            if (Ascii.EqualsIgnoreCase(name, "boundary"u8))
                return Encoding.ASCII.GetString(value);
        }
    }

    /// <summary>Index of the next "--boundary" that starts a line at or after <paramref name="from"/>; <paramref name="contentEnd"/> is where the part before it ends (its CRLF excluded).</summary>
    private static int FindDelimiter(ReadOnlySpan<byte> body, int from, ReadOnlySpan<byte> delimiter, out int contentEnd)
    {
        contentEnd = -1;
        int i = from;
        while (i < body.Length)
        {
            int rel = body.Slice(i).IndexOf(delimiter);
            if (rel < 0)
                return -1;
            int at = i + rel;
            if (at > 0 && body[at - 1] == (byte)'\n')
            {
                int end = at - 1;
                if (end > from && body[end - 1] == (byte)'\r') end--;
                contentEnd = Math.Max(end, from);
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    /// <summary>Skips transport padding (LWSP) after a delimiter and returns the index past its line break, or -1.</summary>
    private static int SkipToLineEnd(ReadOnlySpan<byte> body, int i)
    {
        while (i < body.Length && body[i] is (byte)' ' or (byte)'\t')
            i++;
        if (i < body.Length && body[i] == (byte)'\n')
            return i + 1;
        if (i + 1 < body.Length && body[i] == (byte)'\r' && body[i + 1] == (byte)'\n')
            return i + 2;
        return -1;
    }

    private static string? ReadPart(ReadOnlySpan<byte> body, int start, int end, out MultipartPart? part)
    {
        part = null;
        ReadOnlySpan<byte> content = body.Slice(0, end);
        var headers = new List<KeyValuePair<string, string>>();
        int bodyStart;
        if (start == end)
        {
            bodyStart = end; // an empty part
        }
        else if (content[start] == (byte)'\n' || (content[start] == (byte)'\r' && start + 1 < end && content[start + 1] == (byte)'\n'))
        {
            bodyStart = start + (content[start] == (byte)'\n' ? 1 : 2); // no headers
        }
        else
        {
            Span<HeaderField> fields = stackalloc HeaderField[32];
            HeaderScanStatus status = HeaderScanner.Scan(content, start, fields, out int count, out bodyStart);
            if (status == HeaderScanStatus.Unterminated)
                bodyStart = end; // headers only, no empty line before the delimiter
            else if (status != HeaderScanStatus.Ok)
                return status == HeaderScanStatus.TooManyHeaders ? "body part has too many headers" : "body part has a malformed header line";
            foreach (HeaderField f in fields.Slice(0, count))
            {
                headers.Add(new(Encoding.ASCII.GetString(content.Slice(f.NameStart, f.NameLength)),
                    Encoding.UTF8.GetString(content.Slice(f.ValueStart, f.ValueLength))));
            }
        }

        string type = "text/plain";
        foreach (KeyValuePair<string, string> h in headers)
        {
            if (string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase) || string.Equals(h.Key, "c", StringComparison.OrdinalIgnoreCase))
            {
                int semi = h.Value.IndexOf(';', StringComparison.Ordinal);
                type = (semi < 0 ? h.Value : h.Value[..semi]).Trim().ToLowerInvariant();
                break;
            }
        }
        part = new MultipartPart(headers, bodyStart, Math.Max(0, end - bodyStart), type);
        return null;
    }
}
