using Palisade.Sip.Transport;

namespace Palisade.Sip.Dns;

/// <summary>
/// Picks the NAPTR records usable for SIP (RFC 3263 §4.1): services SIP+D2U, SIP+D2T, SIPS+D2T for transports we
/// support (only SIPS+D2T for a sips: URI), flag "s" (next lookup SRV) or "a" (next lookup A/AAAA), empty regexp
/// (RFC 3263 uses the replacement field only), ordered by order then preference.
/// </summary>
internal static class NaptrSelection
{
    public readonly record struct Choice(DnsNaptrRecord Record, SipTransportKind Transport, bool IsSrv);

    public static List<Choice> Select(IReadOnlyList<DnsRecord> records, bool secure, IReadOnlyList<SipTransportKind> supported)
    {
        var choices = new List<Choice>();
        foreach (var record in records)
        {
            if (record is not DnsNaptrRecord naptr || naptr.Regexp.Length != 0)
                continue;
            if (!TryGetTransport(naptr.Services, out var transport) || !Contains(supported, transport))
                continue;
            if (secure && transport != SipTransportKind.Tls)
                continue;
            var isSrv = naptr.Flags.Equals("s", StringComparison.OrdinalIgnoreCase);
            if (!isSrv && !naptr.Flags.Equals("a", StringComparison.OrdinalIgnoreCase))
                continue;
            if (naptr.Replacement.Length == 0 || naptr.Replacement == ".")
                continue;
            choices.Add(new Choice(naptr, transport, isSrv));
        }

        // Stable insertion sort by (order, preference); a handful of records.
        for (var i = 1; i < choices.Count; i++)
        {
            var item = choices[i];
            var j = i - 1;
            while (j >= 0 && Compare(choices[j].Record, item.Record) > 0)
            {
                choices[j + 1] = choices[j];
                j--;
            }

            choices[j + 1] = item;
        }

        return choices;
    }

    private static int Compare(DnsNaptrRecord a, DnsNaptrRecord b)
    {
        var byOrder = a.Order.CompareTo(b.Order);
        return byOrder != 0 ? byOrder : a.Preference.CompareTo(b.Preference);
    }

    /// <summary>The RFC 3263 §4.1 service fields, case-insensitive (RFC 3403 §4.1).</summary>
    public static bool TryGetTransport(string services, out SipTransportKind transport)
    {
        if (services.Equals("SIP+D2U", StringComparison.OrdinalIgnoreCase))
            transport = SipTransportKind.Udp;
        else if (services.Equals("SIP+D2T", StringComparison.OrdinalIgnoreCase))
            transport = SipTransportKind.Tcp;
        else if (services.Equals("SIPS+D2T", StringComparison.OrdinalIgnoreCase))
            transport = SipTransportKind.Tls;
        else
        {
            transport = default;
            return false;
        }

        return true;
    }

    private static bool Contains(IReadOnlyList<SipTransportKind> list, SipTransportKind kind)
    {
        foreach (var k in list)
        {
            if (k == kind)
                return true;
        }

        return false;
    }
}
