using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// A modified copy of a received message: the start line, headers and body can be replaced, removed or added, and
/// everything not touched is copied byte-for-byte (name case, compact form, folding and parameter order kept), so a
/// peer's idiosyncrasies pass through unless a rule changes them. Content-Length is always recomputed.
/// </summary>
/// <remarks>Edits are applied in one pass when the message is written; no header is re-encoded unless edited.</remarks>
public sealed class SipMessageEdit(SipMessage source)
{
    private readonly List<(HeaderId Id, string? Name)> _removed = [];
    private readonly List<(HeaderId Id, string? Name, string Value)> _replaced = [];
    private readonly List<(string Name, string Value)> _first = [];
    private readonly List<(string Name, string Value)> _last = [];
    private string? _startLine;
    private ReadOnlyMemory<byte>? _body;
    private string? _contentType;

    public SipMessage Source { get; } = source;

    /// <summary>Replaces the Request-URI of a request (the method and version stay).</summary>
    public SipMessageEdit SetRequestUri(string uri)
    {
        if (!Source.IsRequest)
            throw new InvalidOperationException("a response has no Request-URI");
        _startLine = Source.MethodText + " " + uri + " SIP/2.0";
        return this;
    }

    /// <summary>Replaces the whole start line (without its CRLF).</summary>
    public SipMessageEdit SetStartLine(string line)
    {
        _startLine = line;
        return this;
    }

    /// <summary>Removes every instance of a header (long or compact form).</summary>
    public SipMessageEdit Remove(HeaderId id)
    {
        _removed.Add((id, null));
        return this;
    }

    /// <summary>Removes every instance of a header Palisade has no id for, by name (case-insensitive).</summary>
    public SipMessageEdit Remove(string name)
    {
        HeaderId id = HeaderNames.Lookup(Encoding.ASCII.GetBytes(name));
        _removed.Add((id, id == HeaderId.Other ? name : null));
        return this;
    }

    /// <summary>Replaces all instances of a header with one value, written where the first instance stood (or appended).</summary>
    public SipMessageEdit Replace(HeaderId id, string value)
    {
        _replaced.Add((id, null, value));
        return this;
    }

    /// <summary>Replaces all instances of a header by name with one value.</summary>
    public SipMessageEdit Replace(string name, string value)
    {
        HeaderId id = HeaderNames.Lookup(Encoding.ASCII.GetBytes(name));
        _replaced.Add((id, id == HeaderId.Other ? name : null, value));
        return this;
    }

    /// <summary>Adds a header before all others (a Via or Record-Route Palisade inserts, RFC 3261 §16.6).</summary>
    public SipMessageEdit AddFirst(string name, string value)
    {
        _first.Add((name, value));
        return this;
    }

    /// <summary>Adds a header after all others.</summary>
    public SipMessageEdit Add(string name, string value)
    {
        _last.Add((name, value));
        return this;
    }

    /// <summary>Replaces the body; <paramref name="contentType"/> replaces Content-Type (null removes it with an empty body).</summary>
    public SipMessageEdit SetBody(ReadOnlyMemory<byte> body, string? contentType)
    {
        _body = body;
        _contentType = contentType;
        return this;
    }

    public byte[] ToArray()
    {
        using var w = new SipMessageWriter(Source.Bytes.Length + 256);
        WriteTo(w);
        return w.ToArray();
    }

    public void WriteTo(SipMessageWriter w)
    {
        if (_startLine is null)
            w.Append(Source.Bytes[Source.StartLine]);
        else
            w.AppendUtf8(_startLine);
        w.Append("\r\n"u8);
        foreach ((string name, string value) in _first)
            w.Header(name, value);

        Span<bool> replacedWritten = _replaced.Count <= 16 ? stackalloc bool[_replaced.Count] : new bool[_replaced.Count];
        ReadOnlySpan<HeaderField> headers = Source.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            ref readonly HeaderField h = ref headers[i];
            // Content-Length is always written by Finish; Content-Type follows the body when the body is replaced.
            if (h.Id == HeaderId.ContentLength || (_body is not null && h.Id == HeaderId.ContentType) || IsRemoved(h))
                continue;
            int r = ReplacementFor(h);
            if (r < 0)
            {
                w.CopyHeader(Source, h);
            }
            else if (!replacedWritten[r])
            {
                replacedWritten[r] = true;
                w.Header(_replaced[r].Name ?? Encoding.ASCII.GetString(Source.GetName(h)), _replaced[r].Value);
            }
        }
        for (int r = 0; r < _replaced.Count; r++)
        {
            if (!replacedWritten[r])
                w.Header(_replaced[r].Name ?? Encoding.ASCII.GetString(HeaderNames.CanonicalName(_replaced[r].Id)), _replaced[r].Value);
        }
        foreach ((string name, string value) in _last)
            w.Header(name, value);

        if (_body is { } body)
            w.Finish(body.Span, _contentType);
        else
            w.Finish(Source.Body);
    }

    private bool IsRemoved(in HeaderField h)
    {
        foreach ((HeaderId id, string? name) in _removed)
        {
            if (Matches(h, id, name))
                return true;
        }
        return false;
    }

    private int ReplacementFor(in HeaderField h)
    {
        for (int i = 0; i < _replaced.Count; i++)
        {
            if (Matches(h, _replaced[i].Id, _replaced[i].Name))
                return i;
        }
        return -1;
    }

    private bool Matches(in HeaderField h, HeaderId id, string? name) =>
        id != HeaderId.Other ? h.Id == id : h.Id == HeaderId.Other && Ascii.EqualsIgnoreCase(Source.GetName(h), Encoding.ASCII.GetBytes(name!));
}
