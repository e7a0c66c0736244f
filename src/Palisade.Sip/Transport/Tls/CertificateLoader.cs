using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// Loads the SBC's own certificate, private key and chain from PEM (RFC 7468) or PKCS#12 (RFC 7292) files and
/// turns them into an <see cref="SslStreamCertificateContext"/> that sends the whole chain: a missing intermediate
/// in the SBC's hello is a documented Teams Direct Routing failure
/// (learn.microsoft.com/microsoftteams/troubleshoot/direct-routing/sip-options-tls-certificate-issues).
/// Every failure is a <see cref="CertificateLoadException"/> naming the file and the reason.
/// </summary>
public static class CertificateLoader
{
    /// <summary>Warn at start when the certificate expires within this window.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    /// <summary>PFX when the file ends in .pfx or .p12, otherwise PEM certificate file + PEM key file.</summary>
    public static LoadedCertificate Load(string certificatePath, string? keyPath, string? password = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        if (certificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            return LoadPfx(certificatePath, password, timeProvider);
        if (string.IsNullOrEmpty(keyPath))
            throw new CertificateLoadException(certificatePath, "a PEM certificate needs a key file (or use a .pfx/.p12 file)");
        return LoadPem(certificatePath, keyPath, password, timeProvider);
    }

    /// <summary>
    /// PEM: <paramref name="certificatePath"/> holds the leaf first, then intermediates (the nginx/haproxy convention);
    /// <paramref name="keyPath"/> holds a PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY"), SEC1 ("EC PRIVATE KEY")
    /// or, with <paramref name="password"/>, encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY") key.
    /// </summary>
    public static LoadedCertificate LoadPem(string certificatePath, string keyPath, string? password = null, TimeProvider? timeProvider = null)
    {
        X509Certificate2 leaf = LoadPemCertificateWithKey(certificatePath, keyPath, out X509Certificate2Collection intermediates, password);
        return Complete(leaf, intermediates, certificatePath, $"{certificatePath} + {keyPath}", timeProvider ?? TimeProvider.System);
    }

    /// <summary>PKCS#12: the entry with a private key is the leaf, every other certificate is sent as chain.</summary>
    public static LoadedCertificate LoadPfx(string pfxPath, string? password, TimeProvider? timeProvider = null)
    {
        RequireFile(pfxPath);
        X509Certificate2Collection all;
        try
        {
            // EphemeralKeySet: nothing is persisted to a key store; OpenSSL-backed SslStream uses the key in memory.
            X509KeyStorageFlags flags = OperatingSystem.IsWindows() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(pfxPath, password, flags);
        }
        catch (CryptographicException e)
        {
            throw new CertificateLoadException(pfxPath, "not a readable PKCS#12 file or wrong password (" + e.Message + ")", e);
        }

        X509Certificate2? leaf = null;
        var intermediates = new X509Certificate2Collection();
        foreach (X509Certificate2 certificate in all)
        {
            if (!certificate.HasPrivateKey)
            {
                intermediates.Add(certificate);
            }
            else if (leaf is null)
            {
                leaf = certificate;
            }
            else
            {
                DisposeAll(all);
                throw new CertificateLoadException(pfxPath, "holds more than one private key; keep only the SBC certificate's");
            }
        }

        if (leaf is null)
        {
            DisposeAll(all);
            throw new CertificateLoadException(pfxPath, "holds no private key");
        }

        return Complete(leaf, intermediates, pfxPath, pfxPath, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Wraps a certificate already in memory (with private key) and its chain, e.g. one just issued by
    /// <see cref="LabCertificateAuthority.IssueCertificate"/>. The result takes ownership of both.
    /// </summary>
    public static LoadedCertificate FromCertificate(
        X509Certificate2 certificate, X509Certificate2Collection? intermediates = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string source = "in-memory " + certificate.Subject;
        if (!certificate.HasPrivateKey)
            throw new CertificateLoadException(source, "the certificate has no private key");
        return Complete(ReimportForSslStream(certificate), intermediates ?? [], source, source, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Reads a PEM leaf (+ further certificates) and pairs it with its key; no validity checks.</summary>
    internal static X509Certificate2 LoadPemCertificateWithKey(
        string certificatePath, string keyPath, out X509Certificate2Collection intermediates, string? password = null)
    {
        RequireFile(certificatePath);
        RequireFile(keyPath);

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(certificatePath);
        }
        catch (CryptographicException e)
        {
            throw new CertificateLoadException(certificatePath, "malformed PEM certificate (" + e.Message + ")", e);
        }

        if (certificates.Count == 0)
            throw new CertificateLoadException(certificatePath, "contains no \"-----BEGIN CERTIFICATE-----\" block");

        X509Certificate2 publicLeaf = certificates[0];
        try
        {
            string keyText = File.ReadAllText(keyPath);
            X509Certificate2 leaf = publicLeaf.GetKeyAlgorithm() switch
            {
                TlsOids.RsaPublicKey => AttachKey(publicLeaf, RSA.Create(), keyText, keyPath, certificatePath, password, "RSA"),
                TlsOids.EcPublicKey => AttachKey(publicLeaf, ECDsa.Create(), keyText, keyPath, certificatePath, password, "EC"),
                string other => throw new CertificateLoadException(certificatePath, $"unsupported public key algorithm {other} (use RSA)"),
            };
            intermediates = new X509Certificate2Collection();
            for (int i = 1; i < certificates.Count; i++)
                intermediates.Add(certificates[i]);
            publicLeaf.Dispose();
            return ReimportForSslStream(leaf);
        }
        catch
        {
            DisposeAll(certificates);
            throw;
        }
    }

    private static X509Certificate2 AttachKey<TKey>(
        X509Certificate2 publicLeaf, TKey key, string keyText, string keyPath, string certificatePath, string? password, string algorithm)
        where TKey : AsymmetricAlgorithm
    {
        using (key)
        {
            try
            {
                if (keyText.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
                {
                    if (password is null)
                        throw new CertificateLoadException(keyPath, "the private key is encrypted and no password was configured");
                    key.ImportFromEncryptedPem(keyText, password);
                }
                else
                {
                    key.ImportFromPem(keyText);
                }
            }
            catch (ArgumentException e)
            {
                throw new CertificateLoadException(keyPath,
                    $"holds no {algorithm} private key in a supported PEM form (the certificate's key is {algorithm})", e);
            }
            catch (CryptographicException e)
            {
                throw new CertificateLoadException(keyPath, "malformed private key or wrong password (" + e.Message + ")", e);
            }

            try
            {
                return key switch
                {
                    RSA rsa => publicLeaf.CopyWithPrivateKey(rsa),
                    ECDsa ecdsa => publicLeaf.CopyWithPrivateKey(ecdsa),
                    _ => throw new UnreachableException(),
                };
            }
            catch (ArgumentException e)
            {
                throw new CertificateLoadException(keyPath,
                    $"the private key does not match the certificate \"{publicLeaf.Subject}\" (first certificate in {certificatePath}; the leaf must come first)", e);
            }
        }
    }

    /// <summary>
    /// Keys attached with CopyWithPrivateKey (or from CreateFromPemFile) are ephemeral. OpenSSL (Linux) and Apple
    /// SslStream use them as they are; Windows SChannel cannot use an ephemeral key for a server handshake
    /// ("No credentials are available in the security package", dotnet/runtime#23749 and #103101), so there the
    /// certificate goes through a PKCS#12 round trip — the workaround given in
    /// learn.microsoft.com/dotnet/core/extensions/sslstream-troubleshooting.
    /// </summary>
    private static X509Certificate2 ReimportForSslStream(X509Certificate2 leaf)
    {
        if (!OperatingSystem.IsWindows())
            return leaf;
        using (leaf)
            return X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
    }

    private static LoadedCertificate Complete(
        X509Certificate2 leaf, X509Certificate2Collection intermediates, string file, string source, TimeProvider time)
    {
        try
        {
            DateTime now = time.GetUtcNow().UtcDateTime;
            DateTime notBefore = leaf.NotBefore.ToUniversalTime();
            DateTime notAfter = leaf.NotAfter.ToUniversalTime();
            if (notAfter <= now)
                throw new CertificateLoadException(file, $"the certificate \"{leaf.Subject}\" expired on {notAfter:yyyy-MM-dd HH:mm} UTC");
            if (notBefore > now)
                throw new CertificateLoadException(file, $"the certificate \"{leaf.Subject}\" is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC");

            var warnings = new List<string>();
            CollectWarnings(leaf, intermediates, now, warnings);

            // offline: true — build the chain from what we were given and never fetch AIA/OCSP at start-up.
            var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            return new LoadedCertificate(leaf, intermediates, context, source, warnings);
        }
        catch
        {
            leaf.Dispose();
            DisposeAll(intermediates);
            throw;
        }
    }

    private static void CollectWarnings(X509Certificate2 leaf, X509Certificate2Collection intermediates, DateTime now, List<string> warnings)
    {
        if (leaf.NotAfter.ToUniversalTime() - now < ExpiryWarning)
            warnings.Add($"the certificate expires on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd}");

        using (RSA? rsa = leaf.GetRSAPublicKey())
        {
            if (rsa is null)
                warnings.Add("the key is not RSA: Teams' cipher suites are all ECDHE-RSA, so Microsoft cannot negotiate with it");
            else if (rsa.KeySize < 2048)
                warnings.Add($"RSA key of {rsa.KeySize} bits; 2048 or more is required");
        }

        foreach (X509Extension extension in leaf.Extensions)
        {
            if (extension is not X509EnhancedKeyUsageExtension eku)
                continue;
            bool server = false, client = false;
            foreach (Oid oid in eku.EnhancedKeyUsages)
            {
                server |= oid.Value is TlsOids.ServerAuthentication or TlsOids.AnyExtendedKeyUsage;
                client |= oid.Value is TlsOids.ClientAuthentication or TlsOids.AnyExtendedKeyUsage;
            }

            if (!server)
                warnings.Add("the EKU lacks Server Authentication, which Teams requires (direct-routing-whats-new, 2022-02-01)");
            if (!client)
                warnings.Add("the EKU lacks Client Authentication; whether Teams accepts it as the SBC's client certificate is undocumented");
        }

        // Does the file hold the path up to a root? The root itself may be omitted (RFC 8446 §4.4.2), so a
        // partial chain is only reported when it stops at the leaf: then the issuing CA's certificate is
        // missing from the file — the Teams failure above. (A chain stopping at an intermediate is accepted:
        // with a private root it cannot be told apart from "root omitted".)
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.Build(leaf);
        bool partial = false;
        foreach (X509ChainStatus status in chain.ChainStatus)
            partial |= status.Status == X509ChainStatusFlags.PartialChain;
        if (partial && chain.ChainElements.Count == 1 && !leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData))
            warnings.Add($"the chain is incomplete: the certificate of the issuer \"{leaf.Issuer}\" is not in the file nor a trusted root; Teams rejects a missing intermediate");
    }

    private static void RequireFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new CertificateLoadException(path, "file not found");
    }

    private static void DisposeAll(X509Certificate2Collection certificates)
    {
        foreach (X509Certificate2 certificate in certificates)
            certificate.Dispose();
    }
}
