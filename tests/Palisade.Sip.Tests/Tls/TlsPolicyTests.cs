using System.Security.Authentication;
using Palisade.Sip.Transport;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Tests.Tls;

public sealed class TlsPolicyTests(TlsLabFixture lab) : IClassFixture<TlsLabFixture>
{
    [Theory]
    [InlineData("1.2", SslProtocols.Tls12)]
    [InlineData("", SslProtocols.Tls12)]
    [InlineData(null, SslProtocols.Tls12)]
    [InlineData("1.3", SslProtocols.Tls13)]
    [InlineData("TLSv1.3", SslProtocols.Tls13)]
    [InlineData("tls1.2", SslProtocols.Tls12)]
    public void Minimum_version_parses(string? text, SslProtocols expected) =>
        Assert.Equal(expected, TlsPolicy.ParseMinimumVersion(text));

    [Theory]
    [InlineData("1.1")]
    [InlineData("1.0")]
    [InlineData("ssl3")]
    public void Minimum_version_below_1_2_is_refused(string text)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => TlsPolicy.ParseMinimumVersion(text));
        Assert.Contains("\"1.2\" or \"1.3\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_carry_Teams_requirements()
    {
        var policy = new TlsPolicy(lab.Sbc, lab.Trust);

        var server = policy.CreateServerOptions();
        Assert.True(server.ClientCertificateRequired);
        Assert.Same(lab.Sbc.Context, server.ServerCertificateContext);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, server.EnabledSslProtocols);
        Assert.False(server.AllowRenegotiation);

        var client = policy.CreateClientOptions("sip.pstnhub.microsoft.com.");
        Assert.Equal("sip.pstnhub.microsoft.com", client.TargetHost);
        Assert.Same(lab.Sbc.Context, client.ClientCertificateContext);

        if (!OperatingSystem.IsWindows())
        {
            Assert.NotNull(policy.CipherSuites);
            Assert.Equal(
                [
                    System.Net.Security.TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                    System.Net.Security.TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                    System.Net.Security.TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
                    System.Net.Security.TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
                    System.Net.Security.TlsCipherSuite.TLS_AES_256_GCM_SHA384,
                    System.Net.Security.TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                    System.Net.Security.TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                ],
                policy.CipherSuites.AllowedCipherSuites);
        }
    }

    [Fact]
    public async Task Policy_serves_as_the_transport_layer_TLS_context()
    {
        ITlsContext sbc = new TlsPolicy(lab.Sbc, lab.Trust);
        ITlsContext microsoft = new TlsPolicy(lab.Microsoft, lab.Trust);
        Assert.Same(sbc.ServerOptions, sbc.ServerOptions); // one instance for the accept loop

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(sbc.ServerOptions, microsoft.ClientOptions(TlsLabFixture.SbcFqdn));

        Assert.True(tls.BothSucceeded, $"server: {tls.ServerError}\nclient: {tls.ClientError}");
    }

    [Fact]
    public void Trust_setting_resolves_auto_system_and_bundle()
    {
        using TlsTrust auto = TlsTrust.Resolve("auto", lab.Lab.CaCertificatePath);
        Assert.Equal(TlsTrustMode.LabCa, auto.Mode);
        Assert.Equal(lab.Lab.Certificate.Thumbprint, Assert.Single(auto.Roots).Thumbprint);
        Assert.False(auto.Roots[0].HasPrivateKey);

        using TlsTrust system = TlsTrust.Resolve("system", lab.Lab.CaCertificatePath);
        Assert.Equal(TlsTrustMode.System, system.Mode);
        Assert.Empty(system.Roots);

        using TlsTrust bundle = TlsTrust.Resolve(lab.Lab.CaCertificatePath, "unused");
        Assert.Equal(TlsTrustMode.PemBundle, bundle.Mode);

        CertificateLoadException missing = Assert.Throws<CertificateLoadException>(() => TlsTrust.Resolve("/nonexistent/roots.pem", "unused"));
        Assert.Equal("/nonexistent/roots.pem", missing.FilePath);
    }
}
