namespace Palisade.Sip.Message;

/// <summary>One body part of a multipart body: its MIME headers and where its content lies in the whole body.</summary>
public sealed class MultipartPart
{
    internal MultipartPart(IReadOnlyList<KeyValuePair<string, string>> headers, int bodyStart, int bodyLength, string contentType)
    {
        Headers = headers;
        BodyStart = bodyStart;
        BodyLength = bodyLength;
        ContentType = contentType;
    }

    /// <summary>The part's header fields in order (name as written, value with surrounding white space trimmed).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Offset of the part's content in the multipart body.</summary>
    public int BodyStart { get; }
    public int BodyLength { get; }
    public Range BodyRange => BodyStart..(BodyStart + BodyLength);

    /// <summary>Lower-case type/subtype; "text/plain" when the part has no Content-Type (RFC 2046 §5.1).</summary>
    public string ContentType { get; }

    public string? GetHeader(string name)
    {
        foreach (KeyValuePair<string, string> h in Headers)
        {
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                return h.Value;
        }
        return null;
    }

    /// <summary>The part's content, sliced from the body this part was parsed from.</summary>
    public ReadOnlySpan<byte> GetBody(ReadOnlySpan<byte> multipartBody) => multipartBody.Slice(BodyStart, BodyLength);
}
