using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// Who is on the other end of a TLS connection, in the terms operators compare against their trunk settings:
/// subject, SANs (Teams checks the SBC FQDN against CN or SAN — learn.microsoft.com/microsoftteams/direct-routing-plan),
/// issuer, validity and SHA-256 fingerprint.
/// </summary>
public sealed record TlsPeerIdentity(
    string Subject,
    string Issuer,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IPAddresses,
    string Sha256Fingerprint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    public static TlsPeerIdentity FromCertificate(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // SslStream hands out X509Certificate2 on .NET Core; the conversion is for callers holding the base type.
        X509Certificate2? owned = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            X509Certificate2 cert = owned ?? (X509Certificate2)certificate;
            var dnsNames = new List<string>();
            var ipAddresses = new List<string>();
            X509SubjectAlternativeNameExtension? san = HostNameMatcher.FindSan(cert);
            if (san is not null)
            {
                foreach (string name in san.EnumerateDnsNames())
                    dnsNames.Add(name);
                foreach (IPAddress address in san.EnumerateIPAddresses())
                    ipAddresses.Add(address.ToString());
            }

            return new TlsPeerIdentity(
                cert.Subject,
                cert.Issuer,
                dnsNames,
                ipAddresses,
                cert.GetCertHashString(HashAlgorithmName.SHA256),
                new DateTimeOffset(cert.NotBefore.ToUniversalTime()),
                new DateTimeOffset(cert.NotAfter.ToUniversalTime()));
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>The identity of the authenticated remote certificate, or null when the peer sent none.</summary>
    public static TlsPeerIdentity? FromStream(SslStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.RemoteCertificate is { } remote ? FromCertificate(remote) : null;
    }

    public override string ToString() =>
        $"subject \"{Subject}\" SAN [{string.Join(", ", DnsNames.Concat(IPAddresses))}] issuer \"{Issuer}\" valid until {NotAfter:yyyy-MM-dd} sha256 {Sha256Fingerprint}";
}
