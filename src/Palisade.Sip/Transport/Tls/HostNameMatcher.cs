using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// Checks that a peer certificate names the host we dialled. RFC 2818 §3.1 / RFC 6125 §6.4: dNSName SANs win,
/// the CN is only consulted when there are none; a wildcard is allowed only as the whole left-most label and
/// matches exactly one label (Microsoft: "*.contoso.com" matches sbc.contoso.com, not sbc.test.contoso.com —
/// learn.microsoft.com/microsoftteams/direct-routing-plan). An IP literal matches only an iPAddress SAN.
/// </summary>
internal static class HostNameMatcher
{
    public static bool Matches(X509Certificate2 certificate, string host)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(host);

        host = host.TrimEnd('.');
        X509SubjectAlternativeNameExtension? san = FindSan(certificate);

        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            if (san is null)
                return false;
            foreach (IPAddress candidate in san.EnumerateIPAddresses())
            {
                if (candidate.Equals(address))
                    return true;
            }

            return false;
        }

        bool sawDnsName = false;
        if (san is not null)
        {
            foreach (string dnsName in san.EnumerateDnsNames())
            {
                sawDnsName = true;
                if (MatchesPattern(dnsName, host))
                    return true;
            }
        }

        if (sawDnsName)
            return false;

        // RFC 2818 §3.1: fall back to the most specific Common Name only without dNSName SANs; Teams also
        // accepts "FQDN in CN or SAN" (direct-routing-plan).
        // Only a real CN (OID 2.5.4.3), the most specific (last) one: GetNameInfo(SimpleName) would fall back to
        // OU, O or an e-mail address when there is no CN.
        string? commonName = null;
        foreach (X500RelativeDistinguishedName rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.3")
                commonName = rdn.GetSingleElementValue();
        }
        return commonName is { Length: > 0 } && MatchesPattern(commonName, host);
    }

    /// <summary>Matches one certificate name against a host; both are compared case-insensitively (RFC 4343).</summary>
    public static bool MatchesPattern(string pattern, string host)
    {
        pattern = pattern.TrimEnd('.');
        host = host.TrimEnd('.');
        if (pattern.Length == 0 || host.Length == 0)
            return false;

        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            // A '*' anywhere else (partial-label wildcards such as "f*.com") is refused, as RFC 6125 §7.2 advises.
            return !pattern.Contains('*', StringComparison.Ordinal)
                && string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
        }

        string suffix = pattern.Substring(1); // ".contoso.com"
        if (suffix.Contains('*', StringComparison.Ordinal) || suffix.IndexOf('.', 1) < 0)
            return false; // "*.*.com" or "*.com": never honoured (RFC 6125 §6.4.3, CA/B Forum baseline).

        if (host.Length <= suffix.Length || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            return false;

        // The wildcard covers exactly one non-empty label: no dot in the part it replaces.
        string label = host.Substring(0, host.Length - suffix.Length);
        return label.Length > 0 && !label.Contains('.', StringComparison.Ordinal);
    }

    public static X509SubjectAlternativeNameExtension? FindSan(X509Certificate2 certificate)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
                return san;
        }

        return null;
    }
}
