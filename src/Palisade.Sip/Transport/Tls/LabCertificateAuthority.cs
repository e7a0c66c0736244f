using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// A private root CA for labs and tests, kept as PEM files in a data directory: created on first start, reused
/// afterwards. Real Teams Direct Routing only trusts SBC certificates from the Microsoft Trusted Root Program
/// (learn.microsoft.com/microsoftteams/direct-routing-whats-new, 2022-02-01), so this CA is for emulated peers,
/// SIPp/baresip interop and first-run demos, never for production trunks to Microsoft.
/// </summary>
public sealed class LabCertificateAuthority : IDisposable
{
    public const string CaCertificateFileName = "lab-ca.pem";
    public const string CaKeyFileName = "lab-ca.key";
    public const string LeafCertificateFileName = "sbc.pem";
    public const string LeafKeyFileName = "sbc.key";

    /// <summary>A leaf closer than this to expiry is replaced on start, so a lab never runs into an expired certificate.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(730);

    // Back-date validity a little: peers with a slightly slow clock would otherwise see "not yet valid".
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;

    private LabCertificateAuthority(string dataDirectory, X509Certificate2 certificate, bool created, TimeProvider time)
    {
        DataDirectory = dataDirectory;
        Certificate = certificate;
        Created = created;
        _time = time;
    }

    public string DataDirectory { get; }

    public string CaCertificatePath => Path.Combine(DataDirectory, CaCertificateFileName);

    public string CaKeyPath => Path.Combine(DataDirectory, CaKeyFileName);

    public string LeafCertificatePath => Path.Combine(DataDirectory, LeafCertificateFileName);

    public string LeafKeyPath => Path.Combine(DataDirectory, LeafKeyFileName);

    /// <summary>The lab root CA, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>True when <see cref="OpenOrCreate"/> generated a new CA (first start, or the old one expired).</summary>
    public bool Created { get; }

    /// <summary>
    /// Loads the lab CA from <paramref name="dataDirectory"/>, creating it (RSA 3072, 10 years) when absent or expired.
    /// A half-present CA (certificate without key or the reverse) is an error rather than silently replaced,
    /// because replacing it would break every peer that already trusts the old one.
    /// </summary>
    public static LabCertificateAuthority OpenOrCreate(string dataDirectory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        string directory = Path.GetFullPath(dataDirectory);
        string certificatePath = Path.Combine(directory, CaCertificateFileName);
        string keyPath = Path.Combine(directory, CaKeyFileName);

        bool haveCertificate = File.Exists(certificatePath);
        bool haveKey = File.Exists(keyPath);
        if (haveCertificate != haveKey)
        {
            string missing = haveCertificate ? keyPath : certificatePath;
            throw new CertificateLoadException(missing,
                "the lab CA is incomplete (certificate and key must both exist); delete both lab-ca files to create a new CA");
        }

        if (haveCertificate)
        {
            X509Certificate2 existing = CertificateLoader.LoadPemCertificateWithKey(certificatePath, keyPath, out _);
            if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime)
                return new LabCertificateAuthority(directory, existing, created: false, time);
            existing.Dispose();
        }

        X509Certificate2 ca = CreateRootCertificate(time.GetUtcNow());
        PemFileWriter.WritePrivateKey(keyPath, ca);
        PemFileWriter.WriteCertificates(certificatePath, [ca]);
        return new LabCertificateAuthority(directory, ca, created: true, time);
    }

    /// <summary>
    /// Makes sure sbc.pem / sbc.key hold a valid leaf for <paramref name="fqdn"/> issued by this CA; reuses them
    /// unless missing, expiring within <see cref="RenewBefore"/>, issued for another FQDN or by another CA.
    /// </summary>
    public LabLeafCertificate EnsureLeafCertificate(string fqdn)
    {
        ValidateFqdn(fqdn);
        string? reason = WhyLeafNeedsRegeneration(fqdn, out DateTimeOffset notAfter);
        if (reason is null)
            return new LabLeafCertificate(fqdn, LeafCertificatePath, LeafKeyPath, notAfter, Created: false, "reused");

        using X509Certificate2 leaf = IssueCertificate(fqdn);
        PemFileWriter.WritePrivateKey(LeafKeyPath, leaf);
        // Leaf then CA: the full chain must go out in the handshake (Teams support article
        // "sip-options-tls-certificate-issues": a missing intermediate fails the TLS connection).
        PemFileWriter.WriteCertificates(LeafCertificatePath, [leaf, Certificate]);
        return new LabLeafCertificate(fqdn, LeafCertificatePath, LeafKeyPath, new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), Created: true, reason);
    }

    /// <summary>
    /// Issues a leaf certificate (RSA 2048, SANs <paramref name="fqdn"/> and, unless disabled, *.<paramref name="fqdn"/>,
    /// EKU serverAuth + clientAuth) with its private key. RSA because every Teams suite is ECDHE-RSA; both EKUs
    /// because the SBC is a TLS server to Microsoft's SIP proxy and a TLS client to it (mutual TLS, RFC 5246 §7.4.6).
    /// </summary>
    public X509Certificate2 IssueCertificate(string fqdn, bool includeWildcard = true, TimeSpan? lifetime = null)
    {
        ValidateFqdn(fqdn);
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset notBefore = now - ClockSkew;
        DateTimeOffset notAfter = now + (lifetime ?? LeafLifetime);
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        if (notAfter > caNotAfter)
            notAfter = caNotAfter; // RFC 5280 does not forbid it, but CertificateRequest.Create does and it is meaningless.

        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN={fqdn}, O=Palisade lab"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [TlsOids.ServerAuthenticationOid(), TlsOids.ClientAuthenticationOid()], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(fqdn);
        if (includeWildcard)
            san.AddDnsName("*." + fqdn);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        using X509Certificate2 withoutKey = request.Create(Certificate, notBefore, notAfter, NewSerialNumber());
        return withoutKey.CopyWithPrivateKey(key);
    }

    public void Dispose() => Certificate.Dispose();

    private static X509Certificate2 CreateRootCertificate(DateTimeOffset now)
    {
        using RSA key = RSA.Create(3072);
        // A random suffix keeps two labs' CAs apart in trust stores and logs.
        string id = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN=Palisade Lab Root CA {id}, O=Palisade lab"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // pathLenConstraint 0: this CA signs leaves only (RFC 5280 §4.2.1.9).
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - ClockSkew, now + CaLifetime);
    }

    private string? WhyLeafNeedsRegeneration(string fqdn, out DateTimeOffset notAfter)
    {
        notAfter = default;
        if (!File.Exists(LeafCertificatePath) || !File.Exists(LeafKeyPath))
            return "missing";

        X509Certificate2 leaf;
        try
        {
            leaf = CertificateLoader.LoadPemCertificateWithKey(LeafCertificatePath, LeafKeyPath, out _);
        }
        catch (CertificateLoadException e)
        {
            return "unreadable: " + e.Reason;
        }

        using (leaf)
        {
            notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
            if (notAfter - RenewBefore <= _time.GetUtcNow())
                return "expired or expiring";

            X509SubjectAlternativeNameExtension? san = HostNameMatcher.FindSan(leaf);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (san is not null)
            {
                foreach (string name in san.EnumerateDnsNames())
                    names.Add(name);
            }

            if (!names.Contains(fqdn) || !names.Contains("*." + fqdn))
                return "issued for another FQDN";

            if (!IsIssuedByThisCa(leaf))
                return "issued by another CA";
        }

        return null;
    }

    private bool IsIssuedByThisCa(X509Certificate2 leaf)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(leaf) && chain.ChainElements.Count == 2;
    }

    private static byte[] NewSerialNumber()
    {
        // RFC 5280 §4.1.2.2: positive, at most 20 octets; CA/B Forum wants at least 64 bits of entropy.
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    private static void ValidateFqdn(string fqdn)
    {
        ArgumentException.ThrowIfNullOrEmpty(fqdn);
        if (Uri.CheckHostName(fqdn) != UriHostNameType.Dns || fqdn.Contains('*', StringComparison.Ordinal))
            throw new ArgumentException($"'{fqdn}' is not a DNS host name.", nameof(fqdn));
    }
}
