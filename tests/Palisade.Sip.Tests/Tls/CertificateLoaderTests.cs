using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Tests.Tls;

public sealed class CertificateLoaderTests(TlsLabFixture lab) : IClassFixture<TlsLabFixture>
{
    private const string PublicCaLeaf = "sbc.contoso.test";

    [Fact]
    public void PEM_with_PKCS1_RSA_key_loads()
    {
        using var directory = new TestDirectory();
        using X509Certificate2 issued = lab.Lab.IssueCertificate(PublicCaLeaf);
        string cert = directory.File("c.pem"), key = directory.File("c.key");
        File.WriteAllText(cert, issued.ExportCertificatePem());
        using (RSA rsa = issued.GetRSAPrivateKey()!)
            File.WriteAllText(key, rsa.ExportRSAPrivateKeyPem()); // "BEGIN RSA PRIVATE KEY"

        using LoadedCertificate loaded = CertificateLoader.Load(cert, key);

        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(issued.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.Empty(loaded.Intermediates);
    }

    [Fact]
    public void PEM_with_encrypted_PKCS8_key_needs_the_password()
    {
        using var directory = new TestDirectory();
        using X509Certificate2 issued = lab.Lab.IssueCertificate(PublicCaLeaf);
        string cert = directory.File("c.pem"), key = directory.File("c.key");
        File.WriteAllText(cert, issued.ExportCertificatePem());
        using (RSA rsa = issued.GetRSAPrivateKey()!)
        {
            File.WriteAllText(key, rsa.ExportEncryptedPkcs8PrivateKeyPem(
                "s3cret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        }

        using LoadedCertificate loaded = CertificateLoader.LoadPem(cert, key, "s3cret");
        Assert.True(loaded.Certificate.HasPrivateKey);

        CertificateLoadException noPassword = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadPem(cert, key));
        Assert.Equal(key, noPassword.FilePath);
        Assert.Contains("encrypted", noPassword.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PEM_with_EC_key_loads_but_warns_that_Teams_needs_RSA()
    {
        using var directory = new TestDirectory();
        using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ec.contoso.test", ec, HashAlgorithmName.SHA256);
        using X509Certificate2 self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        string cert = directory.File("ec.pem"), key = directory.File("ec.key");
        File.WriteAllText(cert, self.ExportCertificatePem());
        File.WriteAllText(key, ec.ExportECPrivateKeyPem()); // SEC1 "BEGIN EC PRIVATE KEY"

        using LoadedCertificate loaded = CertificateLoader.LoadPem(cert, key);

        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Contains(loaded.Warnings, w => w.Contains("not RSA", StringComparison.Ordinal));
    }

    [Fact]
    public void Key_that_does_not_match_the_certificate_is_a_clear_error()
    {
        using var directory = new TestDirectory();
        using X509Certificate2 issued = lab.Lab.IssueCertificate(PublicCaLeaf);
        string cert = directory.File("c.pem"), key = directory.File("c.key");
        File.WriteAllText(cert, issued.ExportCertificatePem());
        using (RSA other = RSA.Create(2048))
            File.WriteAllText(key, other.ExportPkcs8PrivateKeyPem());

        CertificateLoadException error = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadPem(cert, key));

        Assert.Equal(key, error.FilePath);
        Assert.Contains("does not match", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith(key + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_name_the_file()
    {
        using var directory = new TestDirectory();
        string missing = directory.File("absent.pem");

        CertificateLoadException pem = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadPem(missing, lab.Lab.LeafKeyPath));
        Assert.Equal(missing, pem.FilePath);
        Assert.Equal("file not found", pem.Reason);

        CertificateLoadException key = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadPem(lab.Lab.LeafCertificatePath, missing));
        Assert.Equal(missing, key.FilePath);

        CertificateLoadException pfx = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(directory.File("absent.pfx"), null, "x"));
        Assert.Equal(directory.File("absent.pfx"), pfx.FilePath);
    }

    [Fact]
    public void Expired_certificate_is_refused()
    {
        var threeYearsLater = new FixedTimeProvider(DateTimeOffset.UtcNow.AddYears(3));

        CertificateLoadException error = Assert.Throws<CertificateLoadException>(
            () => CertificateLoader.LoadPem(lab.Lab.LeafCertificatePath, lab.Lab.LeafKeyPath, timeProvider: threeYearsLater));

        Assert.Equal(lab.Lab.LeafCertificatePath, error.FilePath);
        Assert.Contains("expired", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_near_expiry_loads_with_a_warning()
    {
        var nearEnd = new FixedTimeProvider(DateTimeOffset.UtcNow.AddDays(720));

        using LoadedCertificate loaded = CertificateLoader.LoadPem(lab.Lab.LeafCertificatePath, lab.Lab.LeafKeyPath, timeProvider: nearEnd);

        Assert.Contains(loaded.Warnings, w => w.Contains("expires", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PEM_chain_root_intermediate_leaf_sends_the_intermediate_in_the_handshake()
    {
        using var directory = new TestDirectory();
        using var pki = new TestPki(PublicCaLeaf);
        (string cert, string key, string rootBundle) = pki.WritePem(directory, includeIntermediate: true);

        using LoadedCertificate server = CertificateLoader.LoadPem(cert, key);
        Assert.Equal(pki.Intermediate.Thumbprint, Assert.Single(server.Intermediates).Thumbprint);
        Assert.Empty(server.Warnings);

        await AssertClientReceivesIntermediate(server, pki, rootBundle);
    }

    [Fact]
    public async Task PFX_chain_root_intermediate_leaf_sends_the_intermediate_in_the_handshake()
    {
        using var directory = new TestDirectory();
        using var pki = new TestPki(PublicCaLeaf);
        (_, _, string rootBundle) = pki.WritePem(directory, includeIntermediate: true);
        string pfx = directory.File("sbc.pfx");
        using (X509Certificate2 intermediatePublic = X509CertificateLoader.LoadCertificate(pki.Intermediate.RawData))
            File.WriteAllBytes(pfx, new X509Certificate2Collection { pki.Leaf, intermediatePublic }.Export(X509ContentType.Pkcs12, "pfx-pass")!);

        using LoadedCertificate server = CertificateLoader.Load(pfx, keyPath: null, password: "pfx-pass");
        Assert.Equal(pki.Leaf.Thumbprint, server.Certificate.Thumbprint);
        Assert.Equal(pki.Intermediate.Thumbprint, Assert.Single(server.Intermediates).Thumbprint);

        await AssertClientReceivesIntermediate(server, pki, rootBundle);

        CertificateLoadException wrong = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadPfx(pfx, "wrong"));
        Assert.Equal(pfx, wrong.FilePath);
    }

    [Fact]
    public async Task Server_missing_its_intermediate_is_refused_by_a_client_that_trusts_only_the_root()
    {
        using var directory = new TestDirectory();
        using var pki = new TestPki(PublicCaLeaf);
        (string cert, string key, string rootBundle) = pki.WritePem(directory, includeIntermediate: false);

        using LoadedCertificate server = CertificateLoader.LoadPem(cert, key);
        Assert.Contains(server.Warnings, w => w.Contains("incomplete", StringComparison.Ordinal));

        using TlsTrust rootOnly = TlsTrust.FromPemBundle(rootBundle);
        var rejections = new List<TlsRejection>();
        var serverPolicy = new TlsPolicy(server, lab.Trust) { RequireClientCertificate = false };
        var clientPolicy = new TlsPolicy(lab.Client, rootOnly) { Rejected = rejections.Add };

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(serverPolicy.CreateServerOptions(), clientPolicy.CreateClientOptions(PublicCaLeaf));

        Assert.NotNull(tls.ClientError);
        Assert.Contains("PartialChain", Assert.Single(rejections).Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// The client trusts only the root and may not download anything, so the handshake can only succeed if the
    /// server sent the intermediate; the callback also sees it in the ExtraStore and a 3-element chain.
    /// </summary>
    private async Task AssertClientReceivesIntermediate(LoadedCertificate server, TestPki pki, string rootBundle)
    {
        using TlsTrust rootOnly = TlsTrust.FromPemBundle(rootBundle);
        var serverPolicy = new TlsPolicy(server, lab.Trust);
        var clientPolicy = new TlsPolicy(lab.Client, rootOnly);
        SslClientAuthenticationOptions clientOptions = clientPolicy.CreateClientOptions(PublicCaLeaf);

        string[]? sentByServer = null;
        RemoteCertificateValidationCallback policyCallback = clientOptions.RemoteCertificateValidationCallback!;
        clientOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            sentByServer = chain!.ChainPolicy.ExtraStore.Select(c => c.Thumbprint).ToArray();
            return policyCallback(sender, certificate, chain, errors);
        };

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(serverPolicy.CreateServerOptions(), clientOptions);

        Assert.True(tls.BothSucceeded, $"server: {tls.ServerError}\nclient: {tls.ClientError}");
        // The server's Certificate message carried two certificates: the leaf and the intermediate.
        Assert.NotNull(sentByServer);
        Assert.Equal(2, sentByServer.Length);
        Assert.Contains(pki.Leaf.Thumbprint, sentByServer);
        Assert.Contains(pki.Intermediate.Thumbprint, sentByServer);
        Assert.DoesNotContain(pki.Root.Thumbprint, sentByServer); // the root never needs to travel

        // Independently rebuild what the client received: leaf + intermediate from the wire + trusted root = 3.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(pki.Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ExtraStore.Add(pki.Intermediate);
        Assert.True(chain.Build((X509Certificate2)tls.Client.RemoteCertificate!));
        Assert.Equal(3, chain.ChainElements.Count);
    }
}
