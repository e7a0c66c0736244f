using Microsoft.Extensions.Logging;
using Palisade.Routing.Model;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Server.Hosting;

/// <summary>
/// Resolves the <c>tls</c> section: the SBC certificate (generated lab CA + leaf when <c>auto</c>, else PEM or PFX
/// files) and the roots peers must chain to, into the options the TLS listeners and outbound connections use.
/// </summary>
internal static class TlsSetup
{
    public static TlsPolicy Create(PalisadeConfigModel config, ILogger log)
    {
        TlsModel tls = config.Tls;
        string data = config.Node.DataDirectory;
        string labCaPath = Path.Combine(data, LabCertificateAuthority.CaCertificateFileName);
        if (tls.Certificate == TlsCertificateSource.Auto || tls.Trust == TlsTrustSource.Auto)
        {
            using LabCertificateAuthority ca = LabCertificateAuthority.OpenOrCreate(data);
            if (ca.Created)
                log.LogInformation("Created a lab certificate authority in {Path}: trust it on lab peers, never in production", ca.CaCertificatePath);
            labCaPath = ca.CaCertificatePath;
            if (tls.Certificate == TlsCertificateSource.Auto)
            {
                LabLeafCertificate leaf = ca.EnsureLeafCertificate(config.Node.Fqdn);
                log.LogInformation("TLS certificate for {Fqdn} and *.{Fqdn} ({Reason}), valid until {NotAfter:yyyy-MM-dd}: {Path}", leaf.Fqdn, leaf.Fqdn, leaf.Reason, leaf.NotAfter, leaf.CertificatePath);
            }
        }
        LoadedCertificate certificate = tls.Certificate switch
        {
            TlsCertificateSource.Auto => CertificateLoader.LoadPem(Path.Combine(data, LabCertificateAuthority.LeafCertificateFileName), Path.Combine(data, LabCertificateAuthority.LeafKeyFileName)),
            TlsCertificateSource.Pfx => CertificateLoader.LoadPfx(tls.CertificatePath!, tls.PfxPassword),
            _ => CertificateLoader.LoadPem(tls.CertificatePath!, tls.KeyPath!),
        };
        foreach (string warning in certificate.Warnings)
            log.LogWarning("TLS certificate {Source}: {Warning}", certificate.Source, warning);

        TlsTrust trust = tls.Trust switch
        {
            TlsTrustSource.Auto => TlsTrust.Resolve("auto", labCaPath),
            TlsTrustSource.System => TlsTrust.FromSystem(),
            _ => TlsTrust.FromPemBundle(tls.TrustPath!),
        };
        log.LogInformation("TLS peers must chain to: {Trust}; minimum version {Min}", trust.Description, tls.MinVersion);

        return new TlsPolicy(certificate, trust, tls.MinVersion)
        {
            RequireClientCertificate = tls.RequireClientCertificate,
            Rejected = r => log.LogWarning("TLS peer refused: {Rejection}", r),
        };
    }
}
