namespace Palisade.Sip.Message;

/// <summary>
/// Header name → <see cref="HeaderId"/>, long and compact forms (RFC 3261 §7.3.3, RFC 3515, RFC 3892, RFC 4028),
/// case-insensitive (§7.3.1). Switches on the length first so a lookup costs one or two span compares.
/// </summary>
public static class HeaderNames
{
    public static HeaderId Lookup(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 1:
                return (name[0] | 0x20) switch
                {
                    'v' => HeaderId.Via,
                    'f' => HeaderId.From,
                    't' => HeaderId.To,
                    'i' => HeaderId.CallId,
                    'm' => HeaderId.Contact,
                    'l' => HeaderId.ContentLength,
                    'c' => HeaderId.ContentType,
                    'e' => HeaderId.ContentEncoding,
                    's' => HeaderId.Subject,
                    'k' => HeaderId.Supported,
                    'r' => HeaderId.ReferTo,
                    'b' => HeaderId.ReferredBy,
                    'x' => HeaderId.SessionExpires,
                    'o' => HeaderId.Event,
                    'u' => HeaderId.AllowEvents,
                    _ => HeaderId.Other,
                };
            case 2:
                return Is(name, "To"u8) ? HeaderId.To : HeaderId.Other;
            case 3:
                return Is(name, "Via"u8) ? HeaderId.Via : HeaderId.Other;
            case 4:
                if (Is(name, "From"u8)) return HeaderId.From;
                if (Is(name, "CSeq"u8)) return HeaderId.CSeq;
                if (Is(name, "Date"u8)) return HeaderId.Date;
                if (Is(name, "RAck"u8)) return HeaderId.RAck;
                if (Is(name, "RSeq"u8)) return HeaderId.RSeq;
                return HeaderId.Other;
            case 5:
                if (Is(name, "Allow"u8)) return HeaderId.Allow;
                if (Is(name, "Event"u8)) return HeaderId.Event;
                if (Is(name, "Route"u8)) return HeaderId.Route;
                return HeaderId.Other;
            case 6:
                if (Is(name, "Accept"u8)) return HeaderId.Accept;
                if (Is(name, "Reason"u8)) return HeaderId.Reason;
                if (Is(name, "Server"u8)) return HeaderId.Server;
                if (Is(name, "MIN-SE"u8)) return HeaderId.MinSe;
                return HeaderId.Other;
            case 7:
                if (Is(name, "Call-ID"u8)) return HeaderId.CallId;
                if (Is(name, "Contact"u8)) return HeaderId.Contact;
                if (Is(name, "Expires"u8)) return HeaderId.Expires;
                if (Is(name, "Require"u8)) return HeaderId.Require;
                if (Is(name, "Privacy"u8)) return HeaderId.Privacy;
                if (Is(name, "Subject"u8)) return HeaderId.Subject;
                if (Is(name, "Warning"u8)) return HeaderId.Warning;
                return HeaderId.Other;
            case 8:
                if (Is(name, "Refer-To"u8)) return HeaderId.ReferTo;
                if (Is(name, "Replaces"u8)) return HeaderId.Replaces;
                return HeaderId.Other;
            case 9:
                if (Is(name, "Supported"u8)) return HeaderId.Supported;
                if (Is(name, "Diversion"u8)) return HeaderId.Diversion;
                return HeaderId.Other;
            case 10:
                if (Is(name, "User-Agent"u8)) return HeaderId.UserAgent;
                return HeaderId.Other;
            case 11:
                if (Is(name, "Retry-After"u8)) return HeaderId.RetryAfter;
                if (Is(name, "Referred-By"u8)) return HeaderId.ReferredBy;
                if (Is(name, "Unsupported"u8)) return HeaderId.Unsupported;
                return HeaderId.Other;
            case 12:
                if (Is(name, "Max-Forwards"u8)) return HeaderId.MaxForwards;
                if (Is(name, "Content-Type"u8)) return HeaderId.ContentType;
                if (Is(name, "History-Info"u8)) return HeaderId.HistoryInfo;
                if (Is(name, "Allow-Events"u8)) return HeaderId.AllowEvents;
                if (Is(name, "Record-Route"u8)) return HeaderId.RecordRoute;
                return HeaderId.Other;
            case 13:
                if (Is(name, "Authorization"u8)) return HeaderId.Authorization;
                if (Is(name, "Proxy-Require"u8)) return HeaderId.ProxyRequire;
                return HeaderId.Other;
            case 14:
                if (Is(name, "Content-Length"u8)) return HeaderId.ContentLength;
                return HeaderId.Other;
            case 15:
                if (Is(name, "Accept-Encoding"u8)) return HeaderId.AcceptEncoding;
                if (Is(name, "Accept-Language"u8)) return HeaderId.AcceptLanguage;
                if (Is(name, "Session-Expires"u8)) return HeaderId.SessionExpires;
                return HeaderId.Other;
            case 16:
                if (Is(name, "Content-Encoding"u8)) return HeaderId.ContentEncoding;
                if (Is(name, "WWW-Authenticate"u8)) return HeaderId.WwwAuthenticate;
                return HeaderId.Other;
            case 18:
                if (Is(name, "Proxy-Authenticate"u8)) return HeaderId.ProxyAuthenticate;
                return HeaderId.Other;
            case 19:
                if (Is(name, "Proxy-Authorization"u8)) return HeaderId.ProxyAuthorization;
                if (Is(name, "Content-Disposition"u8)) return HeaderId.ContentDisposition;
                if (Is(name, "P-Asserted-Identity"u8)) return HeaderId.PAssertedIdentity;
                return HeaderId.Other;
            case 20:
                if (Is(name, "P-Preferred-Identity"u8)) return HeaderId.PPreferredIdentity;
                return HeaderId.Other;
            default:
                return HeaderId.Other;
        }
    }

    /// <summary>The canonical long name used when Palisade writes a header it generates.</summary>
    public static ReadOnlySpan<byte> CanonicalName(HeaderId id) => id switch
    {
        HeaderId.Accept => "Accept"u8,
        HeaderId.AcceptEncoding => "Accept-Encoding"u8,
        HeaderId.AcceptLanguage => "Accept-Language"u8,
        HeaderId.Allow => "Allow"u8,
        HeaderId.AllowEvents => "Allow-Events"u8,
        HeaderId.Authorization => "Authorization"u8,
        HeaderId.CallId => "Call-ID"u8,
        HeaderId.Contact => "Contact"u8,
        HeaderId.ContentDisposition => "Content-Disposition"u8,
        HeaderId.ContentEncoding => "Content-Encoding"u8,
        HeaderId.ContentLength => "Content-Length"u8,
        HeaderId.ContentType => "Content-Type"u8,
        HeaderId.CSeq => "CSeq"u8,
        HeaderId.Date => "Date"u8,
        HeaderId.Diversion => "Diversion"u8,
        HeaderId.Event => "Event"u8,
        HeaderId.Expires => "Expires"u8,
        HeaderId.From => "From"u8,
        HeaderId.HistoryInfo => "History-Info"u8,
        HeaderId.MaxForwards => "Max-Forwards"u8,
        HeaderId.MinSe => "Min-SE"u8,
        HeaderId.PAssertedIdentity => "P-Asserted-Identity"u8,
        HeaderId.PPreferredIdentity => "P-Preferred-Identity"u8,
        HeaderId.Privacy => "Privacy"u8,
        HeaderId.ProxyAuthenticate => "Proxy-Authenticate"u8,
        HeaderId.ProxyAuthorization => "Proxy-Authorization"u8,
        HeaderId.ProxyRequire => "Proxy-Require"u8,
        HeaderId.RAck => "RAck"u8,
        HeaderId.Reason => "Reason"u8,
        HeaderId.RecordRoute => "Record-Route"u8,
        HeaderId.ReferredBy => "Referred-By"u8,
        HeaderId.ReferTo => "Refer-To"u8,
        HeaderId.Replaces => "Replaces"u8,
        HeaderId.Require => "Require"u8,
        HeaderId.RetryAfter => "Retry-After"u8,
        HeaderId.Route => "Route"u8,
        HeaderId.RSeq => "RSeq"u8,
        HeaderId.Server => "Server"u8,
        HeaderId.SessionExpires => "Session-Expires"u8,
        HeaderId.Subject => "Subject"u8,
        HeaderId.Supported => "Supported"u8,
        HeaderId.To => "To"u8,
        HeaderId.Unsupported => "Unsupported"u8,
        HeaderId.UserAgent => "User-Agent"u8,
        HeaderId.Via => "Via"u8,
        HeaderId.Warning => "Warning"u8,
        HeaderId.WwwAuthenticate => "WWW-Authenticate"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "an unknown header has no canonical name"),
    };

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> known) => System.Text.Ascii.EqualsIgnoreCase(name, known);
}
