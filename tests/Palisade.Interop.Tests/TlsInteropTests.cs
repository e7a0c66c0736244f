using System.Globalization;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary>
/// SIP over TLS against a running node with real TLS peers: openssl s_client (mutual TLS, as Microsoft's SIP proxy
/// connects: client certificate, SNI) and sipsak (GnuTLS). Teams requires TLS 1.2+ (teams-direct-routing.md §1.2).
/// </summary>
[Collection(PalisadeCollection.Name)]
public sealed class TlsInteropTests(PalisadeFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private string Connect => "127.0.0.1:" + fixture.Node.TlsPort.ToString(CultureInfo.InvariantCulture);

    private string OptionsText => System.Text.Encoding.ASCII.GetString(SipProbe.Options(fixture.Node.TlsPort, "TLS"));

    [Fact]
    public async Task Mutual_tls_options_gets_200()
    {
        (string ca, string clientPem) = fixture.ClientCredentials();
        ToolResult r = await ToolRun.RunAsync("openssl",
            ["s_client", "-quiet", "-verify_return_error", "-connect", Connect, "-servername", "sbc.lab.example.net", "-verify_hostname", "sbc.lab.example.net", "-CAfile", ca, "-cert", clientPem, "-key", clientPem],
            Limit, stdin: OptionsText);
        Assert.Contains("SIP/2.0 200 OK", r.Output, StringComparison.Ordinal);
        Assert.Contains("Allow: INVITE", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_without_certificate_is_refused()
    {
        (string ca, _) = fixture.ClientCredentials();
        ToolResult r = await ToolRun.RunAsync("openssl",
            ["s_client", "-quiet", "-connect", Connect, "-servername", "sbc.lab.example.net", "-CAfile", ca],
            Limit, stdin: OptionsText);
        Assert.DoesNotContain("SIP/2.0 200", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_certificate_from_another_ca_is_refused()
    {
        (string ca, _) = fixture.ClientCredentials();
        string dir = Path.Combine(fixture.Node.Directory, "rogue");
        Directory.CreateDirectory(dir);
        ToolResult gen = await ToolRun.RunAsync("openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", Path.Combine(dir, "k.pem"), "-out", Path.Combine(dir, "c.pem"), "-subj", "/CN=rogue.example.net", "-days", "1"],
            Limit);
        Assert.True(gen.ExitCode == 0, gen.ToString());
        ToolResult r = await ToolRun.RunAsync("openssl",
            ["s_client", "-quiet", "-connect", Connect, "-servername", "sbc.lab.example.net", "-CAfile", ca, "-cert", Path.Combine(dir, "c.pem"), "-key", Path.Combine(dir, "k.pem")],
            Limit, stdin: OptionsText);
        Assert.DoesNotContain("SIP/2.0 200", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_1_1_client_is_refused()
    {
        (string ca, string clientPem) = fixture.ClientCredentials();
        // SECLEVEL=0 lets Debian's openssl offer TLS 1.1 at all; the node must still refuse it.
        ToolResult r = await ToolRun.RunAsync("openssl",
            ["s_client", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-connect", Connect, "-servername", "sbc.lab.example.net", "-CAfile", ca, "-cert", clientPem, "-key", clientPem],
            Limit, stdin: OptionsText);
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("SIP/2.0 200", r.Output, StringComparison.Ordinal);
        // The node answers the TLS 1.1 ClientHello with a protocol_version alert (RFC 8446 §6.2, alert 70).
        Assert.Contains("alert protocol version", r.Output, StringComparison.Ordinal);
        Assert.Contains("Cipher is (NONE)", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_1_2_negotiates_a_teams_cipher_suite()
    {
        (string ca, string clientPem) = fixture.ClientCredentials();
        ToolResult r = await ToolRun.RunAsync("openssl",
            ["s_client", "-tls1_2", "-connect", Connect, "-servername", "sbc.lab.example.net", "-CAfile", ca, "-cert", clientPem, "-key", clientPem],
            Limit, stdin: OptionsText);
        Assert.Contains("SIP/2.0 200 OK", r.Output, StringComparison.Ordinal);
        string[] teamsSuites = ["ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES128-SHA256"];
        Assert.Contains(teamsSuites, s => r.Output.Contains("Cipher is " + s, StringComparison.Ordinal));
        Assert.Contains("Protocol  : TLSv1.2", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sipsak_options_over_tls_gets_200_when_client_certificates_are_optional()
    {
        // sipsak cannot present a client certificate, so this node makes them optional (a carrier-facing setting).
        await using PalisadeProcess node = await PalisadeProcess.StartAsync(extraTls: "  client-certificates: optional");
        // sipsak 0.9.8 mistakes a TLS 1.3 session ticket for the answer and gives up: its GnuTLS is held to 1.2.
        string priority = Path.Combine(node.Directory, "gnutls-tls12.conf");
        await File.WriteAllTextAsync(priority, "[overrides]\ndisabled-version = tls1.3\n");
        ToolResult r = await ToolRun.RunAsync("sipsak",
            ["-vv", "--transport", "tls", "--tls-ca-cert", Path.Combine(node.DataDirectory, "lab-ca.pem"), "-s", $"sip:ping@127.0.0.1:{node.TlsPort}"],
            Limit, environment: new Dictionary<string, string> { ["GNUTLS_SYSTEM_PRIORITY_FILE"] = priority });
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("200 OK", r.Output, StringComparison.Ordinal);
    }
}
