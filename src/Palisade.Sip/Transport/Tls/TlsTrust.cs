using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// The trust anchors used to validate peers. A custom root set replaces the system store completely
/// (X509ChainTrustMode.CustomRootTrust) rather than adding to it: an SBC that trusts "everything the OS trusts"
/// accepts any public certificate as Microsoft's SIP proxy, so pinning the roots Microsoft announced is safer
/// (learn.microsoft.com/microsoftteams/direct-routing-plan, "trust store must contain" the Microsoft/DigiCert roots).
/// </summary>
public sealed class TlsTrust : IDisposable
{
    private TlsTrust(TlsTrustMode mode, X509Certificate2Collection roots, string description)
    {
        Mode = mode;
        Roots = roots;
        Description = description;
    }

    public TlsTrustMode Mode { get; }

    /// <summary>The pinned roots; empty in <see cref="TlsTrustMode.System"/> mode.</summary>
    public X509Certificate2Collection Roots { get; }

    /// <summary>For logs: "lab CA /var/lib/palisade/lab-ca.pem", "PEM bundle /etc/palisade/teams-roots.pem (7 roots)", "system".</summary>
    public string Description { get; }

    /// <summary>
    /// Resolves the configuration value: "auto" = the lab CA at <paramref name="labCaCertificatePath"/>, "system" = the OS store,
    /// anything else = a PEM bundle file path.
    /// </summary>
    public static TlsTrust Resolve(string setting, string labCaCertificatePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(setting);
        if (setting.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            TlsTrust trust = FromPemBundle(labCaCertificatePath);
            return new TlsTrust(TlsTrustMode.LabCa, trust.Roots, "lab CA " + labCaCertificatePath);
        }

        return setting.Equals("system", StringComparison.OrdinalIgnoreCase) ? FromSystem() : FromPemBundle(setting);
    }

    public static TlsTrust FromSystem() => new(TlsTrustMode.System, [], "system");

    /// <summary>Trusts only the given lab CA (its public part is copied; the private key is not kept).</summary>
    public static TlsTrust FromLabCa(X509Certificate2 labCa)
    {
        ArgumentNullException.ThrowIfNull(labCa);
        X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(labCa.RawData);
        return new TlsTrust(TlsTrustMode.LabCa, [publicOnly], "lab CA " + labCa.Subject);
    }

    /// <summary>Trusts only the certificates of a PEM bundle (every "BEGIN CERTIFICATE" block becomes a root).</summary>
    public static TlsTrust FromPemBundle(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new CertificateLoadException(path, "trust bundle file not found");

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new CertificateLoadException(path, "malformed PEM trust bundle (" + e.Message + ")", e);
        }

        if (roots.Count == 0)
            throw new CertificateLoadException(path, "the trust bundle contains no certificate");
        return new TlsTrust(TlsTrustMode.PemBundle, roots, $"PEM bundle {path} ({roots.Count} certificates)");
    }

    /// <summary>
    /// A chain policy for one validation. Revocation is not checked and nothing is downloaded: a peer must not be
    /// able to make the SBC fetch URLs of its choosing during a handshake, and Teams sends its full chain.
    /// </summary>
    internal X509ChainPolicy CreateChainPolicy(DateTime verificationTimeUtc)
    {
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            VerificationTime = verificationTimeUtc,
            TrustMode = Mode == TlsTrustMode.System ? X509ChainTrustMode.System : X509ChainTrustMode.CustomRootTrust,
        };
        if (Mode != TlsTrustMode.System)
            policy.CustomTrustStore.AddRange(Roots);
        return policy;
    }

    public void Dispose()
    {
        foreach (X509Certificate2 root in Roots)
            root.Dispose();
    }
}
