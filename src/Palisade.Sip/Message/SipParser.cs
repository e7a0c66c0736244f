using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// Frames, parses and validates one SIP message (RFC 3261 §7, §25). Strict where a mistake would be forwarded or
/// mis-routed (start line, Via, From, To, Call-ID, CSeq, Contact, Route, Content-Length), liberal where RFC 4475 asks
/// for it (LWS and folding anywhere LWS is allowed, unknown headers and parameters, RFC 2543 messages).
/// </summary>
public static class SipParser
{
    [ThreadStatic]
    private static HeaderField[]? t_scratch;

    /// <summary>Parses a UDP datagram; bytes beyond Content-Length are ignored (RFC 3261 §18.3, RFC 4475 §3.1.1.8).</summary>
    public static SipMessage? ParseDatagram(ReadOnlySpan<byte> datagram, out SipParseError error) => Parse(datagram, datagram: true, out error);

    /// <summary>Parses one message already framed by <see cref="SipFramer.FrameStream(ReadOnlySpan{byte}, int, out int, out string?)"/>.</summary>
    public static SipMessage? ParseFramed(ReadOnlySpan<byte> message, out SipParseError error) => Parse(message, datagram: false, out error);

    private static SipMessage? Parse(ReadOnlySpan<byte> data, bool datagram, out SipParseError error)
    {
        int lf = data.IndexOf((byte)'\n');
        if (data.IsEmpty || data[0] is (byte)'\r' or (byte)'\n' || lf < 0)
        {
            error = SipParseError.Drop(lf < 0 ? "no complete start line" : "message starts with an empty line");
            return null;
        }
        int startLineEnd = lf > 0 && data[lf - 1] == (byte)'\r' ? lf - 1 : lf;
        ReadOnlySpan<byte> startLine = data.Slice(0, startLineEnd);
        bool isResponse = startLine.StartsWith("SIP/"u8);

        // A per-thread scratch array rather than stackalloc: a 7 KB stackalloc is zeroed on every call.
        Span<HeaderField> scratch = t_scratch ??= new HeaderField[SipFramer.MaxHeaders];
        HeaderScanStatus scan = HeaderScanner.Scan(data, lf + 1, scratch, out int count, out int bodyStart);

        // Body boundaries (RFC 3261 §18.3): Content-Length decides; on a datagram a missing one means "to the end".
        string? framingError = scan switch
        {
            HeaderScanStatus.Unterminated => "the header block is not terminated by an empty line",
            HeaderScanStatus.MalformedLine => "a header line is not of the form 'name: value'",
            HeaderScanStatus.TooManyHeaders => "too many header lines",
            _ => null,
        };
        int messageEnd = data.Length;
        int bodyLength = 0;
        if (framingError is null)
        {
            switch (SipFramer.GetContentLength(data, scratch.Slice(0, count), out int contentLength))
            {
                case ContentLengthStatus.Missing:
                    bodyLength = datagram ? data.Length - bodyStart : 0;
                    messageEnd = bodyStart + bodyLength;
                    break;
                case ContentLengthStatus.Repeated:
                    framingError = "more than one Content-Length header";
                    break;
                case ContentLengthStatus.Malformed:
                    framingError = "Content-Length is not a non-negative integer";
                    break;
                default:
                    if (contentLength > data.Length - bodyStart)
                    {
                        framingError = "Content-Length is larger than the body received";
                    }
                    else
                    {
                        bodyLength = contentLength;
                        messageEnd = bodyStart + contentLength;
                    }
                    break;
            }
        }
        if (framingError is not null)
        {
            bodyStart = Math.Min(bodyStart, data.Length);
            bodyLength = 0;
        }

        // The message owns a copy of exactly its bytes: receive buffers are reused by the transports.
        byte[] buffer = data.Slice(0, messageEnd).ToArray();
        HeaderField[] headers = scratch.Slice(0, count).ToArray();

        SipMessage message;
        if (isResponse)
        {
            if (!TryParseStatusLine(startLine, out int status, out Range reason, out string? statusError))
            {
                error = SipParseError.Drop(statusError!);
                return null;
            }
            message = new SipMessage(buffer, headers, bodyStart, bodyLength) { IsRequest = false, StatusCode = status, ReasonRange = reason, StartLine = ..startLineEnd };
        }
        else
        {
            SipParseError lineError = ParseRequestLine(startLine, out Range methodRange, out Range uriRange);
            if (lineError.Outcome == ParseOutcome.Drop)
            {
                error = lineError;
                return null;
            }
            message = new SipMessage(buffer, headers, bodyStart, bodyLength) { IsRequest = true, RequestUriRange = uriRange, StartLine = ..startLineEnd };
            if (lineError.Outcome == ParseOutcome.Ok)
            {
                ReadOnlySpan<byte> method = startLine[methodRange];
                message.Method = SipMethods.Parse(method);
                message.MethodText = message.Method == SipMethod.Extension ? Encoding.ASCII.GetString(method) : SipMethods.ToText(message.Method);
            }
            else
            {
                error = lineError;
                ParseHeadersLeniently(message);
                return message;
            }
        }

        if (framingError is not null)
        {
            error = Refuse(message, 400, framingError);
            ParseHeadersLeniently(message);
            return message.IsRequest ? message : null;
        }

        string? headerError = ValidateHeaders(message, out int errorStatus);
        if (headerError is not null)
        {
            error = Refuse(message, errorStatus, headerError);
            return message.IsRequest ? message : null;
        }

        if (message.IsRequest)
        {
            if (!SipUri.TryParse(message.RequestUriBytes, out SipUri? uri, out string? uriError))
            {
                error = Refuse(message, 400, "Request-URI: " + uriError);
                return message;
            }
            if (uri!.Headers is not null)
            {
                // RFC 3261 §19.1.1 table: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
                error = Refuse(message, 400, "Request-URI must not contain escaped headers");
                return message;
            }
            message.RequestUri = uri;
        }
        error = SipParseError.None;
        return message;
    }

    private static SipParseError Refuse(SipMessage message, int status, string detail)
        => message.IsRequest ? SipParseError.Reply(status, detail) : SipParseError.Drop("response: " + detail);

    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, out int status, out Range reason, out string? error)
    {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (the SP is there even with an empty phrase).
        status = 0;
        reason = default;
        if (!line.StartsWith("SIP/2.0 "u8))
        {
            error = "response with an unsupported SIP version";
            return false;
        }
        if (line.Length < 12 || line[11] != (byte)' ' || line.Slice(8, 3).IndexOfAnyExcept(SipChars.Digits) >= 0)
        {
            error = "status line has no three-digit code";
            return false;
        }
        status = ((line[8] - '0') * 100) + ((line[9] - '0') * 10) + (line[10] - '0');
        if (status is < 100 or > 699)
        {
            error = "status code outside 100-699";
            return false;
        }
        reason = 12..line.Length;
        error = null;
        return true;
    }

    private static SipParseError ParseRequestLine(ReadOnlySpan<byte> line, out Range method, out Range uri)
    {
        // Request-Line = Method SP Request-URI SP SIP-Version: exactly single spaces (RFC 4475 §3.1.2.8–3.1.2.10).
        method = default;
        uri = default;
        int sp1 = line.IndexOf((byte)' ');
        int sp2 = line.LastIndexOf((byte)' ');
        if (sp1 <= 0 || sp2 <= sp1)
            return line.IndexOf("SIP/"u8) < 0 && line.IndexOf((byte)':') < 0
                ? SipParseError.Drop("not a SIP start line")
                : SipParseError.Reply(400, "malformed Request-Line");
        method = ..sp1;
        uri = (sp1 + 1)..sp2;
        ReadOnlySpan<byte> version = line.Slice(sp2 + 1);
        if (line.Slice(0, sp1).IndexOfAnyExcept(SipChars.Token) >= 0)
            return SipParseError.Reply(400, "method is not a token");
        if (sp2 == sp1 + 1 || line[uri].IndexOfAny((byte)' ', (byte)'\t') >= 0)
            return SipParseError.Reply(400, "Request-URI contains white space or the Request-Line has extra spaces");
        if (version.IsEmpty)
            return SipParseError.Reply(400, "Request-Line ends with white space");
        if (!Ascii.EqualsIgnoreCase(version, "SIP/2.0"u8))
        {
            return version.Length > 4 && Ascii.EqualsIgnoreCase(version.Slice(0, 4), "SIP/"u8)
                ? SipParseError.Reply(505, "only SIP/2.0 is supported")
                : SipParseError.Reply(400, "malformed SIP-Version");
        }
        return SipParseError.None;
    }

    /// <summary>Validates the headers every element relies on; returns an error sentence and the status to answer.</summary>
    private static string? ValidateHeaders(SipMessage m, out int status)
    {
        status = 400;
        int viaCount = 0, fromCount = 0, toCount = 0, callIdCount = 0, cseqCount = 0, maxForwardsCount = 0, contentTypeCount = 0;
        ReadOnlySpan<HeaderField> headers = m.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            ref readonly HeaderField h = ref headers[i];
            ReadOnlySpan<byte> value = m.GetValue(h);
            switch (h.Id)
            {
                case HeaderId.Via:
                {
                    var split = new CommaSplitter(value);
                    while (split.TryNext(out ReadOnlySpan<byte> v))
                    {
                        if (!ViaHeader.TryParse(v, out ViaHeader? via, out string? e))
                            return e;
                        if (viaCount++ == 0)
                            m.TopVia = via;
                    }
                    if (value.IsEmpty)
                        return "empty Via header";
                    break;
                }
                case HeaderId.From:
                case HeaderId.To:
                {
                    if (!NameAddress.TryParse(value, out NameAddress? na, out string? e))
                        return (h.Id == HeaderId.From ? "From: " : "To: ") + e;
                    if (h.Id == HeaderId.From) { fromCount++; m.From = na; }
                    else { toCount++; m.To = na; }
                    break;
                }
                case HeaderId.CallId:
                    callIdCount++;
                    if (!IsValidCallId(value))
                        return "Call-ID is not word [\"@\" word]";
                    m.CallId = Encoding.UTF8.GetString(value);
                    break;
                case HeaderId.CSeq:
                {
                    cseqCount++;
                    string? e = ParseCSeq(m, value);
                    if (e is not null)
                        return e;
                    break;
                }
                case HeaderId.MaxForwards:
                    maxForwardsCount++;
                    if (value.IsEmpty || value.IndexOfAnyExcept(SipChars.Digits) >= 0)
                        return "Max-Forwards is not a number";
                    m.MaxForwards = ParseMaxForwards(value);
                    break;
                case HeaderId.Contact:
                case HeaderId.Route:
                case HeaderId.RecordRoute:
                {
                    if (h.Id == HeaderId.Contact && value.Length == 1 && value[0] == (byte)'*')
                        break;
                    var split = new CommaSplitter(value);
                    while (split.TryNext(out ReadOnlySpan<byte> v))
                    {
                        if (!NameAddress.TryParse(v, out _, out string? e))
                            return Encoding.ASCII.GetString(m.GetName(h)) + ": " + e;
                    }
                    if (split.Unbalanced)
                        return Encoding.ASCII.GetString(m.GetName(h)) + ": unbalanced quotes or angle brackets";
                    break;
                }
                case HeaderId.ContentType:
                {
                    contentTypeCount++;
                    var r = new ValueReader(value);
                    ReadOnlySpan<byte> type = r.ReadToken();
                    bool slash = r.TryConsumeSeparator((byte)'/');
                    ReadOnlySpan<byte> sub = r.ReadToken();
                    if (type.IsEmpty || !slash || sub.IsEmpty)
                        return "Content-Type is not type/subtype";
                    m.ContentType = Ascii.EqualsIgnoreCase(type, "application"u8) && Ascii.EqualsIgnoreCase(sub, "sdp"u8)
                        ? "application/sdp" // the common case, without three strings per message
                        : (Encoding.ASCII.GetString(type) + "/" + Encoding.ASCII.GetString(sub)).ToLowerInvariant();
                    break;
                }
            }
        }

        if (m.IsRequest && (fromCount == 0 || toCount == 0 || callIdCount == 0 || cseqCount == 0 || viaCount == 0))
            return "missing mandatory header (" + MissingList(viaCount, fromCount, toCount, callIdCount, cseqCount) + ")";
        if (!m.IsRequest && (fromCount == 0 || toCount == 0 || callIdCount == 0 || cseqCount == 0 || viaCount == 0))
            return "missing mandatory header";
        if (fromCount > 1 || toCount > 1 || callIdCount > 1 || cseqCount > 1 || maxForwardsCount > 1 || contentTypeCount > 1)
            return "a header that allows one value appears more than once";
        m.ViaCount = viaCount;

        if (m.IsRequest)
        {
            if (m.Method == SipMethod.Extension && !m.CSeqMethodText.Equals(m.MethodText, StringComparison.Ordinal))
            {
                status = 501; // RFC 4475 §3.1.2.18: an unknown method is the bigger problem.
                return "unknown method (and CSeq method does not match it)";
            }
            if (!m.CSeqMethodText.Equals(m.MethodText, StringComparison.Ordinal))
                return "CSeq method does not match the request method";
        }
        else
        {
            m.Method = m.CSeqMethod;
            m.MethodText = m.CSeqMethodText;
        }
        return null;
    }

    /// <summary>
    /// 1*DIGIT with leading zeros allowed ("0068", RFC 4475 §3.1.1.1); above 255 it is treated as absent
    /// (RFC 4475 §3.1.2.4) rather than clamped, so an overlarge value never becomes a loop-stopping 0.
    /// </summary>
    private static int? ParseMaxForwards(ReadOnlySpan<byte> digits)
    {
        int first = digits.IndexOfAnyExcept((byte)'0');
        if (first < 0)
            return 0;
        ReadOnlySpan<byte> significant = digits.Slice(first);
        return significant.Length <= 3 && int.TryParse(significant, out int mf) && mf <= 255 ? mf : null;
    }

    private static string MissingList(int via, int from, int to, int callId, int cseq)
    {
        var sb = new StringBuilder();
        if (via == 0) sb.Append("Via ");
        if (from == 0) sb.Append("From ");
        if (to == 0) sb.Append("To ");
        if (callId == 0) sb.Append("Call-ID ");
        if (cseq == 0) sb.Append("CSeq ");
        return sb.ToString().TrimEnd();
    }

    private static string? ParseCSeq(SipMessage m, ReadOnlySpan<byte> value)
    {
        // CSeq = 1*DIGIT LWS Method; the number is a 32-bit unsigned integer (RFC 3261 §8.1.1.5, RFC 4475 §3.1.2.4).
        var r = new ValueReader(value);
        ReadOnlySpan<byte> digits = r.ReadWhile(SipChars.Digits);
        if (digits.IsEmpty)
            return "CSeq has no sequence number";
        if (!uint.TryParse(digits, out uint number))
            return "CSeq number is larger than 2^32-1";
        int before = r.Position;
        r.SkipLws();
        ReadOnlySpan<byte> method = r.ReadToken();
        r.SkipLws();
        if (r.Position == before || method.IsEmpty || !r.AtEnd)
            return "CSeq is not 'number method'";
        m.CSeq = number;
        m.CSeqMethod = SipMethods.Parse(method);
        m.CSeqMethodText = m.CSeqMethod == SipMethod.Extension ? Encoding.ASCII.GetString(method) : SipMethods.ToText(m.CSeqMethod);
        return null;
    }

    private static bool IsValidCallId(ReadOnlySpan<byte> value)
    {
        // callid = word [ "@" word ]
        int at = value.IndexOf((byte)'@');
        ReadOnlySpan<byte> first = at < 0 ? value : value.Slice(0, at);
        if (first.IsEmpty || first.IndexOfAnyExcept(SipChars.Word) >= 0)
            return false;
        if (at < 0)
            return true;
        ReadOnlySpan<byte> second = value.Slice(at + 1);
        return !second.IsEmpty && second.IndexOfAnyExcept(SipChars.Word) < 0;
    }

    /// <summary>
    /// For a message that is refused anyway: pick up what the response needs (Call-ID, CSeq, tags) without failing,
    /// so the error response still matches the request where possible.
    /// </summary>
    private static void ParseHeadersLeniently(SipMessage m)
    {
        foreach (ref readonly HeaderField h in m.Headers)
        {
            ReadOnlySpan<byte> value = m.GetValue(h);
            switch (h.Id)
            {
                case HeaderId.CallId when m.CallId.Length == 0:
                    m.CallId = Encoding.UTF8.GetString(value);
                    break;
                case HeaderId.CSeq when m.CSeqMethodText.Length == 0:
                    _ = ParseCSeq(m, value);
                    break;
                case HeaderId.To when m.To is null:
                    if (NameAddress.TryParse(value, out NameAddress? to, out _)) m.To = to;
                    break;
                case HeaderId.From when m.From is null:
                    if (NameAddress.TryParse(value, out NameAddress? from, out _)) m.From = from;
                    break;
            }
        }
    }
}
