using Palisade.Routing.Model;
using Palisade.Sip.Message;

namespace Palisade.Sbc.Signalling;

/// <summary>
/// The headers of one leg's message that may appear on the other leg. A B2BUA that copies everything leaks the other
/// side's topology and software (Via, Record-Route, Contact, Server, Warning agents, proprietary X- headers); Palisade
/// copies only end-to-end headers that describe the call itself, and trunk header rules may pass, drop or rewrite.
/// </summary>
internal static class HeaderRelay
{
    /// <summary>Copies what may cross from <paramref name="source"/> (received from <paramref name="from"/>) to a message for <paramref name="to"/>.</summary>
    public static void CopyEndToEnd(SipMessageWriter w, SipMessage source, TrunkModel from, TrunkModel to)
    {
        string method = source.IsRequest ? source.MethodText : source.CSeqMethodText;
        ReadOnlySpan<HeaderField> headers = source.Headers;
        bool rules = !from.HeaderRulesIn.IsDefaultOrEmpty || !to.HeaderRulesOut.IsDefaultOrEmpty;
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
            if (rules)
            {
                ReadOnlySpan<byte> name = source.GetName(h);
                ReadOnlySpan<byte> value = source.GetValue(h);
                if (!copy && !IsDialogHeader(h.Id))
                    copy = HeaderRules.Passes(from.HeaderRulesIn, method, name, value) || HeaderRules.Passes(to.HeaderRulesOut, method, name, value);
                if (copy && HeaderRules.Removes(from.HeaderRulesIn, method, name, value))
                    copy = false;
                if (copy && HeaderRules.Replaced(from.HeaderRulesIn, method, name, value) is { } replaced)
                {
                    w.Header(System.Text.Encoding.ASCII.GetString(name), replaced);
                    continue;
                }
            }
            if (copy)
                w.CopyHeader(source, h);
        }
        if (!from.HeaderRulesIn.IsDefaultOrEmpty)
            HeaderRules.WriteAdded(w, from.HeaderRulesIn, method);
    }

    /// <summary>Headers that belong to a leg's dialog or transport: never passed, whatever a rule says.</summary>
    private static bool IsDialogHeader(HeaderId id) => id is HeaderId.Via or HeaderId.From or HeaderId.To or HeaderId.CallId
        or HeaderId.CSeq or HeaderId.Contact or HeaderId.RecordRoute or HeaderId.Route or HeaderId.ContentLength
        or HeaderId.MaxForwards or HeaderId.ContentType or HeaderId.RSeq or HeaderId.RAck;

    /// <summary>Extension headers that carry call semantics and no addresses.</summary>
    private static bool IsEndToEndExtension(ReadOnlySpan<byte> name) =>
        System.Text.Ascii.EqualsIgnoreCase(name, "Priority"u8)
        || System.Text.Ascii.EqualsIgnoreCase(name, "Subscription-State"u8)
        || System.Text.Ascii.EqualsIgnoreCase(name, "Info-Package"u8);
}
