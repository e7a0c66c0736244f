using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// A received SIP message: the bytes it arrived as, the header lines as ranges into them, and the headers every
/// SIP element needs (Via, From, To, Call-ID, CSeq, Max-Forwards) parsed once. Other headers stay byte ranges until
/// someone asks for them. Instances are immutable; <see cref="SipMessageWriter"/> builds modified copies.
/// </summary>
public sealed class SipMessage
{
    private readonly byte[] _buffer;
    private readonly HeaderField[] _headers;

    internal SipMessage(byte[] buffer, HeaderField[] headers, int bodyStart, int bodyLength)
    {
        _buffer = buffer;
        _headers = headers;
        BodyStart = bodyStart;
        BodyLength = bodyLength;
    }

    /// <summary>The message exactly as framed (trailing datagram bytes beyond Content-Length excluded).</summary>
    public ReadOnlySpan<byte> Bytes => _buffer;
    public ReadOnlyMemory<byte> Memory => _buffer;

    public bool IsRequest { get; internal init; }

    /// <summary>The request method; for a response, the method of its CSeq.</summary>
    public SipMethod Method { get; internal set; }
    public string MethodText { get; internal set; } = "";
    internal Range StartLine { get; init; }
    internal Range RequestUriRange { get; init; }
    public ReadOnlySpan<byte> RequestUriBytes => _buffer.AsSpan(RequestUriRange);
    public SipUri? RequestUri { get; internal set; }
    public int StatusCode { get; internal init; }
    internal Range ReasonRange { get; init; }
    public ReadOnlySpan<byte> ReasonPhrase => _buffer.AsSpan(ReasonRange);

    public ReadOnlySpan<HeaderField> Headers => _headers;
    public int BodyStart { get; }
    public int BodyLength { get; }
    public ReadOnlySpan<byte> Body => _buffer.AsSpan(BodyStart, BodyLength);

    public ViaHeader? TopVia { get; internal set; }
    public int ViaCount { get; internal set; }
    public NameAddress? From { get; internal set; }
    public NameAddress? To { get; internal set; }
    public string CallId { get; internal set; } = "";
    public uint CSeq { get; internal set; }
    public SipMethod CSeqMethod { get; internal set; }
    public string CSeqMethodText { get; internal set; } = "";
    /// <summary>Max-Forwards, or null when absent (RFC 2543 peers) or out of range (treated as absent, RFC 4475 §3.1.2.4).</summary>
    public int? MaxForwards { get; internal set; }
    /// <summary>Lower-case media type of the body ("application/sdp"), or null.</summary>
    public string? ContentType { get; internal set; }

    /// <summary>
    /// The address the message arrived from, set by the transport. Responses built with <see cref="SipResponses"/>
    /// record it in the top Via (received, rport: RFC 3261 §18.2.1, RFC 3581 §4).
    /// </summary>
    public System.Net.IPEndPoint? ReceivedFrom { get; internal set; }

    public string? FromTag => From?.Tag;
    public string? ToTag => To?.Tag;

    public ReadOnlySpan<byte> GetName(in HeaderField field) => _buffer.AsSpan(field.NameStart, field.NameLength);

    public ReadOnlySpan<byte> GetValue(in HeaderField field) => _buffer.AsSpan(field.ValueStart, field.ValueLength);

    /// <summary>The raw line of a header including its line end, for copying it through unchanged.</summary>
    public ReadOnlySpan<byte> GetLine(in HeaderField field) => _buffer.AsSpan(field.LineStart, field.LineEnd - field.LineStart);

    /// <summary>Index of the first header with <paramref name="id"/> at or after <paramref name="start"/>, or -1.</summary>
    public int IndexOf(HeaderId id, int start = 0)
    {
        for (int i = start; i < _headers.Length; i++)
        {
            if (_headers[i].Id == id)
                return i;
        }
        return -1;
    }

    /// <summary>Index of the first header whose name matches (case-insensitive), for headers without an id.</summary>
    public int IndexOf(ReadOnlySpan<byte> name, int start = 0)
    {
        HeaderId id = HeaderNames.Lookup(name);
        if (id != HeaderId.Other)
            return IndexOf(id, start);
        for (int i = start; i < _headers.Length; i++)
        {
            if (_headers[i].Id == HeaderId.Other && Ascii.EqualsIgnoreCase(GetName(_headers[i]), name))
                return i;
        }
        return -1;
    }

    public bool Has(HeaderId id) => IndexOf(id) >= 0;

    /// <summary>The first value of a header, or an empty span.</summary>
    public ReadOnlySpan<byte> GetValue(HeaderId id)
    {
        int i = IndexOf(id);
        return i < 0 ? default : GetValue(_headers[i]);
    }

    public string? GetValueText(HeaderId id)
    {
        int i = IndexOf(id);
        return i < 0 ? null : Encoding.UTF8.GetString(GetValue(_headers[i]));
    }

    /// <summary>True when an option tag appears in any value of the header (Supported, Require…), case-insensitive.</summary>
    public bool HasOptionTag(HeaderId id, ReadOnlySpan<byte> tag)
    {
        for (int i = IndexOf(id); i >= 0; i = IndexOf(id, i + 1))
        {
            var split = new CommaSplitter(GetValue(_headers[i]));
            while (split.TryNext(out ReadOnlySpan<byte> v))
            {
                if (Ascii.EqualsIgnoreCase(v, tag))
                    return true;
            }
        }
        return false;
    }

    public override string ToString() => Encoding.UTF8.GetString(_buffer);
}
