using System.Security.Authentication;
using System.Text;

namespace Palisade.Routing.Model;

/// <summary>TLS settings shared by all TLS listeners and TLS trunks. Paths are absolute (resolved against the config file's folder).</summary>
public sealed record TlsModel
{
    public required TlsCertificateSource Certificate { get; init; }

    /// <summary>PEM certificate file or PFX file; null for <see cref="TlsCertificateSource.Auto"/>.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM private key file; only for <see cref="TlsCertificateSource.PemFiles"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>PFX password; kept out of <see cref="ToString"/> so it never reaches a log.</summary>
    public string? PfxPassword { get; init; }

    public required TlsTrustSource Trust { get; init; }

    /// <summary>PEM CA bundle; only for <see cref="TlsTrustSource.File"/>.</summary>
    public string? TrustPath { get; init; }

    /// <summary><see cref="SslProtocols.Tls12"/> or <see cref="SslProtocols.Tls13"/>.</summary>
    public required SslProtocols MinVersion { get; init; }

    /// <summary>
    /// TLS listeners demand a client certificate (mutual TLS). True by default: Microsoft's SIP proxy always presents
    /// one; <c>client-certificates: optional</c> serves peers that cannot (some carriers and test tools).
    /// </summary>
    public bool RequireClientCertificate { get; init; } = true;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Certificate = ").Append(Certificate)
            .Append(", CertificatePath = ").Append(CertificatePath)
            .Append(", KeyPath = ").Append(KeyPath)
            .Append(", PfxPassword = ").Append(PfxPassword is null ? "" : "***")
            .Append(", Trust = ").Append(Trust)
            .Append(", TrustPath = ").Append(TrustPath)
            .Append(", MinVersion = ").Append(MinVersion)
            .Append(", RequireClientCertificate = ").Append(RequireClientCertificate);
        return true;
    }
}
