using System.Text;

namespace Palisade.Sip.Message;

/// <summary>
/// The request checks RFC 3261 §8.2 asks of a UAS (and §16.3 of an element that forwards), for requests addressed
/// to Palisade itself, run after the parser accepted the message. Order follows §16.3/§8.2: URI scheme (416),
/// Max-Forwards (483), extensions (420), body (415), Accept (406). Never throws; ACK is never answered (§17.2.3),
/// so it always passes.
/// </summary>
public static class UasRequestChecks
{
    /// <summary>Body types an offer/answer-carrying request may have (RFC 3264; multipart for SDP + PIDF-LO, RFC 6442).</summary>
    public const string AcceptedBodyTypes = "application/sdp, multipart/mixed";

    public static UasCheckResult Check(SipMessage request, UasCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!request.IsRequest || request.Method == SipMethod.Ack)
            return UasCheckResult.Pass;

        // §8.2.2.1: a Request-URI scheme we do not understand gets 416 (RFC 4475 §3.3.2, §3.3.3).
        if (request.RequestUri is not { } uri || uri.Scheme == UriScheme.Other)
            return UasCheckResult.Refuse(416);

        // §16.3 step 3: a request that would be forwarded with Max-Forwards 0 gets 483 (RFC 4475 §3.3.11). A request
        // answered locally (OPTIONS to Palisade) is processed normally (§16.3 allows responding to OPTIONS).
        if (options.WillForward && request.MaxForwards == 0)
            return UasCheckResult.Refuse(483);

        // §8.2.2.3 (Require) and §16.3 step 6 (Proxy-Require, Palisade forwards): unknown tags get 420 + Unsupported.
        string? unsupported = UnsupportedTags(request, HeaderId.Require, options.SupportedOptionTags, null);
        if (options.CheckProxyRequire)
            unsupported = UnsupportedTags(request, HeaderId.ProxyRequire, options.SupportedOptionTags, unsupported);
        if (unsupported is not null && request.Method != SipMethod.Cancel) // §9.2: CANCEL never carries Require semantics
            return UasCheckResult.Refuse(420, HeaderId.Unsupported, unsupported);

        // §8.2.3: a body we cannot process gets 415 with Accept (and Accept-Encoding for an unknown coding).
        if (request.BodyLength > 0 && CarriesSessionDescription(request.Method))
        {
            if (request.ContentType is not { } type || !AcceptsBodyType(request.Method, type))
                return UasCheckResult.Refuse(415, HeaderId.Accept, AcceptedBodyTypes);
            ReadOnlySpan<byte> coding = request.GetValue(HeaderId.ContentEncoding);
            if (!coding.IsEmpty && !Ascii.EqualsIgnoreCase(SipChars.TrimLws(coding), "identity"u8))
                return UasCheckResult.Refuse(415, HeaderId.AcceptEncoding, "identity");
        }

        // §8.2.3 / §21.4.7: the answer to an INVITE is SDP; an Accept without it gets 406. An OPTIONS is not refused:
        // Palisade's 200 to OPTIONS carries no body, so no Accept can be violated (sipsak sends "Accept: text/plain").
        if (request.Method is SipMethod.Invite && request.Has(HeaderId.Accept) && !AcceptsSdp(request))
            return UasCheckResult.Refuse(406, HeaderId.Accept, "application/sdp");

        return UasCheckResult.Pass;
    }

    /// <summary>True for the methods whose body is an SDP offer or answer (RFC 3261 §13, RFC 3262, RFC 3311).</summary>
    public static bool CarriesSessionDescription(SipMethod method) => method is SipMethod.Invite or SipMethod.Update or SipMethod.Prack or SipMethod.Ack;

    /// <summary>True when a body of <paramref name="mediaType"/> (lower-case type/subtype) is acceptable in <paramref name="method"/>.</summary>
    public static bool AcceptsBodyType(SipMethod method, string mediaType)
        => !CarriesSessionDescription(method) || mediaType is "application/sdp" or "multipart/mixed";

    private static string? UnsupportedTags(SipMessage request, HeaderId id, IReadOnlyCollection<string> supported, string? list)
    {
        ReadOnlySpan<HeaderField> headers = request.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id != id)
                continue;
            var split = new CommaSplitter(request.GetValue(headers[i]));
            while (split.TryNext(out ReadOnlySpan<byte> tag))
            {
                if (tag.IsEmpty || IsSupported(tag, supported))
                    continue;
                string text = Encoding.ASCII.GetString(tag);
                list = list is null ? text : list + ", " + text;
            }
        }
        return list;
    }

    private static bool IsSupported(ReadOnlySpan<byte> tag, IReadOnlyCollection<string> supported)
    {
        // Option tags compare case-insensitively like other tokens (RFC 3261 §7.3.1).
        foreach (string s in supported)
        {
            if (Ascii.EqualsIgnoreCase(tag, s))
                return true;
        }
        return false;
    }

    private static bool AcceptsSdp(SipMessage request)
    {
        // Accept = [ accept-range *(COMMA accept-range) ]; an empty Accept accepts nothing (§20.1).
        ReadOnlySpan<HeaderField> headers = request.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id != HeaderId.Accept)
                continue;
            var split = new CommaSplitter(request.GetValue(headers[i]));
            while (split.TryNext(out ReadOnlySpan<byte> range))
            {
                int semi = range.IndexOf((byte)';');
                ReadOnlySpan<byte> type = SipChars.TrimLws(semi < 0 ? range : range.Slice(0, semi));
                if (semi >= 0 && IsQZero(range.Slice(semi + 1)))
                    continue;
                if (Ascii.EqualsIgnoreCase(type, "application/sdp"u8) || Ascii.EqualsIgnoreCase(type, "application/*"u8) || type.SequenceEqual("*/*"u8))
                    return true;
            }
        }
        return false;
    }

    private static bool IsQZero(ReadOnlySpan<byte> parameters)
    {
        foreach (Range r in new Utf8Splitter(parameters, (byte)';'))
        {
            ReadOnlySpan<byte> p = parameters[r];
            int eq = p.IndexOf((byte)'=');
            if (eq < 0 || !Ascii.EqualsIgnoreCase(SipChars.TrimLws(p.Slice(0, eq)), "q"u8))
                continue;
            ReadOnlySpan<byte> q = SipChars.TrimLws(p.Slice(eq + 1));
            return q.Length > 0 && q.IndexOfAnyExcept("0."u8) < 0;
        }
        return false;
    }
}
