using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// Writes a SIP message into a pooled buffer: start line, headers (generated, or copied byte-for-byte from a received
/// message), then Content-Length computed from the body. Dispose returns the buffer to the pool.
/// </summary>
public sealed class SipMessageWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public SipMessageWriter(int capacity = 1024) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public SipMessageWriter RequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri)
    {
        Append(method);
        Append((byte)' ');
        Append(requestUri);
        Append(" SIP/2.0\r\n"u8);
        return this;
    }

    public SipMessageWriter RequestLine(SipMethod method, string requestUri)
    {
        Append(SipMethods.ToBytes(method));
        Append((byte)' ');
        AppendUtf8(requestUri);
        Append(" SIP/2.0\r\n"u8);
        return this;
    }

    public SipMessageWriter StatusLine(int status, string? reason = null)
    {
        Append("SIP/2.0 "u8);
        AppendNumber(status);
        Append((byte)' ');
        AppendUtf8(reason ?? SipStatus.ReasonPhrase(status));
        Append("\r\n"u8);
        return this;
    }

    public SipMessageWriter Header(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        Append("\r\n"u8);
        return this;
    }

    public SipMessageWriter Header(HeaderId id, ReadOnlySpan<byte> value) => Header(HeaderNames.CanonicalName(id), value);

    public SipMessageWriter Header(HeaderId id, string value)
    {
        Append(HeaderNames.CanonicalName(id));
        Append(": "u8);
        AppendUtf8(value);
        Append("\r\n"u8);
        return this;
    }

    public SipMessageWriter Header(string name, string value)
    {
        AppendUtf8(name);
        Append(": "u8);
        AppendUtf8(value);
        Append("\r\n"u8);
        return this;
    }

    public SipMessageWriter Header(HeaderId id, long value)
    {
        Append(HeaderNames.CanonicalName(id));
        Append(": "u8);
        AppendNumber(value);
        Append("\r\n"u8);
        return this;
    }

    /// <summary>Copies a received header line unchanged (its name's case, compact form and folding included).</summary>
    public SipMessageWriter CopyHeader(SipMessage source, in HeaderField field)
    {
        ReadOnlySpan<byte> line = source.GetLine(field);
        // The line end is normalised to CRLF: a peer that sent bare LF still gets a well-formed message from us.
        int end = line.Length;
        if (end > 0 && line[end - 1] == (byte)'\n') end--;
        if (end > 0 && line[end - 1] == (byte)'\r') end--;
        Append(line.Slice(0, end));
        Append("\r\n"u8);
        return this;
    }

    /// <summary>Copies the first header with <paramref name="id"/>, if there is one.</summary>
    public SipMessageWriter CopyFirstHeader(SipMessage source, HeaderId id)
    {
        int index = source.IndexOf(id);
        if (index >= 0)
            CopyHeader(source, source.Headers[index]);
        return this;
    }

    /// <summary>Copies every header with <paramref name="id"/> in order.</summary>
    public SipMessageWriter CopyHeaders(SipMessage source, HeaderId id)
    {
        ReadOnlySpan<HeaderField> headers = source.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id == id)
                CopyHeader(source, headers[i]);
        }
        return this;
    }

    /// <summary>Ends the header block with Content-Length and appends the body; returns the finished bytes.</summary>
    public ReadOnlySpan<byte> Finish(ReadOnlySpan<byte> body = default, string? contentType = null)
    {
        if (contentType is not null && !body.IsEmpty)
            Header(HeaderId.ContentType, contentType);
        Header(HeaderId.ContentLength, body.Length);
        Append("\r\n"u8);
        Append(body);
        return Written;
    }

    public byte[] ToArray() => Written.ToArray();

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Append(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    public void AppendUtf8(string text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    public void AppendNumber(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
            return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
