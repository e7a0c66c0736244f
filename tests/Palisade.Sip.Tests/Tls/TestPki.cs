using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Tests.Tls;

/// <summary>
/// A root → intermediate → leaf hierarchy, like a public CA's, to prove the intermediate travels in the
/// handshake (the lab CA signs leaves directly, so it cannot show that).
/// </summary>
internal sealed class TestPki : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestPki(string leafDnsName)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using (RSA rootKey = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Test Root CA", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            Root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        }

        using (RSA intermediateKey = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Test Issuing CA", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
            using X509Certificate2 issued = request.Create(Root, now.AddDays(-1), now.AddYears(4), [0x11, 0x22, 0x33]);
            Intermediate = issued.CopyWithPrivateKey(intermediateKey);
        }

        using (RSA leafKey = RSA.Create(2048))
        {
            var request = new CertificateRequest($"CN={leafDnsName}", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(leafDnsName);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
            using X509Certificate2 issued = request.Create(Intermediate, now.AddDays(-1), now.AddYears(1), [0x44, 0x55, 0x66]);
            Leaf = issued.CopyWithPrivateKey(leafKey);
        }
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public X509Certificate2 Leaf { get; }

    /// <summary>Writes leaf (+ intermediate when asked) to a PEM file, the leaf key to another, and the root to a trust bundle.</summary>
    public (string Certificate, string Key, string RootBundle) WritePem(TestDirectory directory, bool includeIntermediate)
    {
        string certificate = directory.File("chain.pem");
        string key = directory.File("leaf.key");
        string root = directory.File("root.pem");
        string chain = Leaf.ExportCertificatePem() + "\n" + (includeIntermediate ? Intermediate.ExportCertificatePem() + "\n" : string.Empty);
        File.WriteAllText(certificate, chain);
        using (RSA rsa = Leaf.GetRSAPrivateKey()!)
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(root, Root.ExportCertificatePem());
        return (certificate, key, root);
    }

    public void Dispose()
    {
        Leaf.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
    }
}
