using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Tests.Tls;

public sealed class LabCertificateAuthorityTests
{
    [Fact]
    public void First_start_creates_CA_and_leaf_files_with_the_required_profile()
    {
        using var directory = new TestDirectory();
        using LabCertificateAuthority lab = LabCertificateAuthority.OpenOrCreate(directory.Path);
        LabLeafCertificate leaf = lab.EnsureLeafCertificate("sbc.contoso.test");

        Assert.True(lab.Created);
        Assert.True(leaf.Created);
        Assert.Equal("missing", leaf.Reason);
        foreach (string name in new[] { "lab-ca.pem", "lab-ca.key", "sbc.pem", "sbc.key" })
            Assert.True(File.Exists(directory.File(name)), name);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.File("lab-ca.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.File("sbc.key")));
        }

        // Root CA: RSA 3072, CA, cert sign, ~10 years.
        X509Certificate2 ca = lab.Certificate;
        using (RSA caKey = ca.GetRSAPublicKey()!)
            Assert.Equal(3072, caKey.KeySize);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 3649, 3651);

        // sbc.pem = leaf then CA.
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(leaf.CertificatePath);
        Assert.Equal(2, chain.Count);
        Assert.Equal(ca.Thumbprint, chain[1].Thumbprint);

        X509Certificate2 sbc = chain[0];
        using (RSA sbcKey = sbc.GetRSAPublicKey()!)
            Assert.Equal(2048, sbcKey.KeySize);
        Assert.Equal(["sbc.contoso.test", "*.sbc.contoso.test"], sbc.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        string[] ekus = sbc.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!).ToArray();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], ekus);
        Assert.False(sbc.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.InRange((sbc.NotAfter - sbc.NotBefore).TotalDays, 729, 731);
        Assert.Equal(ca.SubjectName.Name, sbc.IssuerName.Name);

        // The files load as an SslStream-ready certificate without warnings.
        using LoadedCertificate loaded = CertificateLoader.LoadPem(leaf.CertificatePath, leaf.KeyPath);
        Assert.Empty(loaded.Warnings);
        Assert.Single(loaded.Intermediates);
    }

    [Fact]
    public void Second_start_reuses_CA_and_leaf_without_regenerating()
    {
        using var directory = new TestDirectory();
        string caThumbprint;
        using (LabCertificateAuthority first = LabCertificateAuthority.OpenOrCreate(directory.Path))
        {
            first.EnsureLeafCertificate("sbc.contoso.test");
            caThumbprint = first.Certificate.Thumbprint;
        }

        byte[] caBytes = File.ReadAllBytes(directory.File("lab-ca.pem"));
        byte[] leafBytes = File.ReadAllBytes(directory.File("sbc.pem"));
        byte[] keyBytes = File.ReadAllBytes(directory.File("sbc.key"));

        using LabCertificateAuthority second = LabCertificateAuthority.OpenOrCreate(directory.Path);
        LabLeafCertificate leaf = second.EnsureLeafCertificate("sbc.contoso.test");

        Assert.False(second.Created);
        Assert.True(second.Certificate.HasPrivateKey);
        Assert.Equal(caThumbprint, second.Certificate.Thumbprint);
        Assert.False(leaf.Created);
        Assert.Equal("reused", leaf.Reason);
        Assert.Equal(caBytes, File.ReadAllBytes(directory.File("lab-ca.pem")));
        Assert.Equal(leafBytes, File.ReadAllBytes(directory.File("sbc.pem")));
        Assert.Equal(keyBytes, File.ReadAllBytes(directory.File("sbc.key")));
    }

    [Fact]
    public void Different_FQDN_regenerates_only_the_leaf()
    {
        using var directory = new TestDirectory();
        using LabCertificateAuthority lab = LabCertificateAuthority.OpenOrCreate(directory.Path);
        lab.EnsureLeafCertificate("sbc.contoso.test");
        byte[] caBytes = File.ReadAllBytes(directory.File("lab-ca.pem"));

        using LabCertificateAuthority reopened = LabCertificateAuthority.OpenOrCreate(directory.Path);
        LabLeafCertificate leaf = reopened.EnsureLeafCertificate("sbc2.contoso.test");

        Assert.False(reopened.Created);
        Assert.True(leaf.Created);
        Assert.Equal("issued for another FQDN", leaf.Reason);
        Assert.Equal(caBytes, File.ReadAllBytes(directory.File("lab-ca.pem")));
        using LoadedCertificate loaded = CertificateLoader.LoadPem(leaf.CertificatePath, leaf.KeyPath);
        Assert.Equal(["sbc2.contoso.test", "*.sbc2.contoso.test"], loaded.Identity.DnsNames);
    }

    [Fact]
    public void Expired_or_missing_leaf_is_regenerated()
    {
        using var directory = new TestDirectory();
        using (LabCertificateAuthority lab = LabCertificateAuthority.OpenOrCreate(directory.Path))
            lab.EnsureLeafCertificate("sbc.contoso.test");

        var later = new FixedTimeProvider(DateTimeOffset.UtcNow.AddDays(729));
        using (LabCertificateAuthority lab = LabCertificateAuthority.OpenOrCreate(directory.Path, later))
        {
            LabLeafCertificate renewed = lab.EnsureLeafCertificate("sbc.contoso.test");
            Assert.True(renewed.Created);
            Assert.Equal("expired or expiring", renewed.Reason);
            Assert.True(renewed.NotAfter > later.GetUtcNow().AddDays(700));
        }

        File.Delete(directory.File("sbc.key"));
        using (LabCertificateAuthority lab = LabCertificateAuthority.OpenOrCreate(directory.Path))
            Assert.Equal("missing", lab.EnsureLeafCertificate("sbc.contoso.test").Reason);
    }

    [Fact]
    public void Half_present_CA_is_an_error_naming_the_missing_file()
    {
        using var directory = new TestDirectory();
        using (LabCertificateAuthority.OpenOrCreate(directory.Path))
        {
        }

        File.Delete(directory.File("lab-ca.key"));

        CertificateLoadException error = Assert.Throws<CertificateLoadException>(() => LabCertificateAuthority.OpenOrCreate(directory.Path));
        Assert.Equal(directory.File("lab-ca.key"), error.FilePath);
    }

    [Fact]
    public void Issued_Microsoft_peer_certificate_chains_to_the_lab_CA()
    {
        using var directory = new TestDirectory();
        using LabCertificateAuthority lab = LabCertificateAuthority.OpenOrCreate(directory.Path);
        using X509Certificate2 microsoft = lab.IssueCertificate("sip.pstnhub.microsoft.com", includeWildcard: false);

        Assert.True(microsoft.HasPrivateKey);
        Assert.True(HostNameMatcher.Matches(microsoft, "sip.pstnhub.microsoft.com"));
        Assert.False(HostNameMatcher.Matches(microsoft, "sip2.pstnhub.microsoft.com"));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(lab.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(microsoft));
    }

    [Fact]
    public void Invalid_FQDN_is_refused()
    {
        using var directory = new TestDirectory();
        using LabCertificateAuthority lab = LabCertificateAuthority.OpenOrCreate(directory.Path);

        Assert.Throws<ArgumentException>(() => lab.EnsureLeafCertificate("*.contoso.test"));
        Assert.Throws<ArgumentException>(() => lab.EnsureLeafCertificate("not a host"));
    }
}
