using Palisade.Sip.Message;

namespace Palisade.Sbc.Signalling;

/// <summary>
/// The headers of one leg's message that may appear on the other leg. A B2BUA that copies everything leaks the other
/// side's topology and software (Via, Record-Route, Contact, Server, Warning agents, proprietary X- headers); Palisade
/// copies only end-to-end headers that describe the call itself, and trunk header rules may pass more.
/// </summary>
internal static class HeaderRelay
{
    public static void CopyEndToEnd(SipMessageWriter w, SipMessage source)
    {
        ReadOnlySpan<HeaderField> headers = source.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            HeaderField h = headers[i];
            bool copy = h.Id switch
            {
                HeaderId.Subject or HeaderId.Reason or HeaderId.Event or HeaderId.Expires => true,
                HeaderId.RetryAfter => !source.IsRequest,
                HeaderId.Other => IsEndToEndExtension(source.GetName(h)),
                _ => false,
            };
            if (copy)
                w.CopyHeader(source, h);
        }
    }

    /// <summary>Extension headers that carry call semantics and no addresses.</summary>
    private static bool IsEndToEndExtension(ReadOnlySpan<byte> name) =>
        System.Text.Ascii.EqualsIgnoreCase(name, "Priority"u8)
        || System.Text.Ascii.EqualsIgnoreCase(name, "Subscription-State"u8)
        || System.Text.Ascii.EqualsIgnoreCase(name, "Info-Package"u8);
}
