using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Tests.Tls;

/// <summary>Real handshakes on 127.0.0.1 between SslStreams configured by <see cref="TlsPolicy"/>.</summary>
public sealed class TlsHandshakeTests(TlsLabFixture lab) : IClassFixture<TlsLabFixture>
{
    [Fact]
    public async Task Microsoft_dials_the_SBC_with_mutual_TLS_and_each_side_sees_the_other()
    {
        TlsPolicy sbc = lab.Policy(lab.Sbc);
        TlsPolicy microsoft = lab.Policy(lab.Microsoft);

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(sbc.CreateServerOptions(), microsoft.CreateClientOptions(TlsLabFixture.SbcFqdn));

        Assert.True(tls.BothSucceeded, $"server: {tls.ServerError}\nclient: {tls.ClientError}");
        await tls.ExchangeAsync();

        TlsConnectionInfo atSbc = TlsConnectionInfo.FromStream(tls.Server);
        Assert.Equal(TlsLabFixture.SbcFqdn, atSbc.ServerName); // the SNI the client sent
        Assert.NotNull(atSbc.Peer);
        Assert.Equal("CN=sip.pstnhub.microsoft.com, O=Palisade lab", atSbc.Peer.Subject);
        Assert.Equal([TlsLabFixture.MicrosoftFqdn], atSbc.Peer.DnsNames);

        TlsConnectionInfo atMicrosoft = TlsConnectionInfo.FromStream(tls.Client);
        Assert.NotNull(atMicrosoft.Peer);
        Assert.Equal([TlsLabFixture.SbcFqdn, "*." + TlsLabFixture.SbcFqdn], atMicrosoft.Peer.DnsNames);
        Assert.Contains(TlsLabFixture.SbcFqdn, atMicrosoft.Peer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SBC_dials_Microsoft_sending_SNI_and_its_own_certificate()
    {
        TlsPolicy microsoft = lab.Policy(lab.Microsoft);
        TlsPolicy sbc = lab.Policy(lab.Sbc);

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(microsoft.CreateServerOptions(), sbc.CreateClientOptions(TlsLabFixture.MicrosoftFqdn));

        Assert.True(tls.BothSucceeded, $"server: {tls.ServerError}\nclient: {tls.ClientError}");
        Assert.Equal(TlsLabFixture.MicrosoftFqdn, tls.Server.TargetHostName);
        Assert.Equal(lab.Sbc.Certificate.Thumbprint, ((X509Certificate2)tls.Server.RemoteCertificate!).Thumbprint);
        Assert.Equal(lab.Microsoft.Certificate.Thumbprint, ((X509Certificate2)tls.Client.RemoteCertificate!).Thumbprint);
        await tls.ExchangeAsync();
    }

    [Fact]
    public async Task Server_requiring_client_certificates_refuses_a_client_without_one()
    {
        var rejections = new ConcurrentQueue<TlsRejection>();
        TlsPolicy sbc = lab.Policy(lab.Sbc, rejections.Enqueue);
        var anonymous = new SslClientAuthenticationOptions
        {
            TargetHost = TlsLabFixture.SbcFqdn,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(sbc.CreateServerOptions(), anonymous);

        // With TLS 1.3 the client finishes before the server judges its (missing) certificate (RFC 8446 §4.4.2),
        // so the refusal is asserted where it happens: on the server.
        Assert.IsType<AuthenticationException>(tls.ServerError);
        TlsRejection rejection = Assert.Single(rejections);
        Assert.True(rejection.AsServer);
        Assert.Null(rejection.Peer);
        Assert.Contains("no certificate", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_certificate_from_an_untrusted_CA_is_refused()
    {
        var rejections = new ConcurrentQueue<TlsRejection>();
        TlsPolicy sbc = lab.Policy(lab.Sbc, rejections.Enqueue);
        TlsPolicy intruder = lab.Policy(lab.Untrusted);

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(sbc.CreateServerOptions(), intruder.CreateClientOptions(TlsLabFixture.SbcFqdn));

        Assert.IsType<AuthenticationException>(tls.ServerError);
        TlsRejection rejection = Assert.Single(rejections);
        Assert.Contains("not trusted", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal("CN=intruder.lab.test, O=Palisade lab", rejection.Peer?.Subject);
    }

    [Fact]
    public async Task Server_certificate_from_an_untrusted_CA_is_refused_by_the_client()
    {
        TlsPolicy intruder = lab.Policy(lab.Untrusted);
        TlsPolicy sbc = lab.Policy(lab.Sbc);

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(intruder.CreateServerOptions(), sbc.CreateClientOptions("intruder.lab.test"));

        Assert.IsType<AuthenticationException>(tls.ClientError);
    }

    [Theory]
    [InlineData("wrong.example.com")]
    [InlineData("pstnhub.microsoft.com")]
    [InlineData("sip2.pstnhub.microsoft.com")]
    public async Task Client_refuses_a_server_whose_certificate_does_not_name_the_dialled_host(string dialled)
    {
        var rejections = new ConcurrentQueue<TlsRejection>();
        TlsPolicy microsoft = lab.Policy(lab.Microsoft);
        TlsPolicy sbc = lab.Policy(lab.Sbc, rejections.Enqueue);

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(microsoft.CreateServerOptions(), sbc.CreateClientOptions(dialled));

        Assert.IsType<AuthenticationException>(tls.ClientError);
        TlsRejection rejection = Assert.Single(rejections);
        Assert.False(rejection.AsServer);
        Assert.Equal(dialled, rejection.TargetHost);
        Assert.Contains("does not name", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edge1.sbc.lab.test", true)]
    [InlineData("a.b.sbc.lab.test", false)] // RFC 2818 §3.1: a wildcard covers one label only
    public async Task Wildcard_SAN_matches_exactly_one_label_on_a_real_handshake(string dialled, bool accepted)
    {
        TlsPolicy sbcServer = lab.Policy(lab.Sbc);
        TlsPolicy microsoft = lab.Policy(lab.Microsoft);

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(sbcServer.CreateServerOptions(), microsoft.CreateClientOptions(dialled));

        Assert.Equal(accepted, tls.ClientError is null);
    }

    [Fact]
    public async Task Default_policy_negotiates_TLS_1_2_or_1_3()
    {
        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(
            lab.Policy(lab.Sbc).CreateServerOptions(), lab.Policy(lab.Client).CreateClientOptions(TlsLabFixture.SbcFqdn));

        Assert.True(tls.BothSucceeded, $"server: {tls.ServerError}\nclient: {tls.ClientError}");
        Assert.True(tls.Server.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13, tls.Server.SslProtocol.ToString());
    }

    [Fact]
    public async Task TLS_1_2_only_client_gets_one_of_the_four_Teams_cipher_suites()
    {
        SslClientAuthenticationOptions client = lab.Policy(lab.Client).CreateClientOptions(TlsLabFixture.SbcFqdn);
        client.EnabledSslProtocols = SslProtocols.Tls12;
        client.CipherSuitesPolicy = null; // offer OpenSSL's whole default list: the server must pick a Teams suite

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(lab.Policy(lab.Sbc).CreateServerOptions(), client);

        Assert.True(tls.BothSucceeded, $"server: {tls.ServerError}\nclient: {tls.ClientError}");
        Assert.Equal(SslProtocols.Tls12, tls.Server.SslProtocol);
        Assert.Contains(tls.Server.NegotiatedCipherSuite, new[]
        {
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        });
    }

    [Fact]
    public async Task TLS_1_2_client_offering_only_a_non_Teams_suite_is_refused()
    {
        if (OperatingSystem.IsWindows())
            return; // CipherSuitesPolicy is OpenSSL/Apple only; Windows uses the machine-wide SChannel list.

        SslClientAuthenticationOptions client = lab.Policy(lab.Client).CreateClientOptions(TlsLabFixture.SbcFqdn);
        client.EnabledSslProtocols = SslProtocols.Tls12;
        client.CipherSuitesPolicy = new CipherSuitesPolicy([TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]);

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(lab.Policy(lab.Sbc).CreateServerOptions(), client);

        Assert.NotNull(tls.ServerError);
        Assert.NotNull(tls.ClientError);
    }

    [Fact]
    public async Task Minimum_1_3_refuses_a_TLS_1_2_client()
    {
        TlsPolicy strict = lab.Policy(lab.Sbc, minimum: SslProtocols.Tls13);
        SslClientAuthenticationOptions client = lab.Policy(lab.Client).CreateClientOptions(TlsLabFixture.SbcFqdn);
        client.EnabledSslProtocols = SslProtocols.Tls12;

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(strict.CreateServerOptions(), client);

        Assert.Equal(SslProtocols.Tls13, strict.EnabledProtocols);
        Assert.NotNull(tls.ServerError);
        Assert.NotNull(tls.ClientError);
    }

    [Fact]
    public async Task Server_with_client_certificates_optional_accepts_an_anonymous_client()
    {
        TlsPolicy open = new(lab.Sbc, lab.Trust) { RequireClientCertificate = false };
        var anonymous = new SslClientAuthenticationOptions { TargetHost = TlsLabFixture.SbcFqdn, RemoteCertificateValidationCallback = (_, _, _, _) => true };

        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(open.CreateServerOptions(), anonymous);

        Assert.True(tls.BothSucceeded, $"server: {tls.ServerError}\nclient: {tls.ClientError}");
        Assert.Null(TlsConnectionInfo.FromStream(tls.Server).Peer);
    }
}
