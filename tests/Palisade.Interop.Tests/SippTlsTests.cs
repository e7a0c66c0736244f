using System.Diagnostics;
using System.Globalization;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary>
/// SIPp over TLS. Debian's SIPp is built without OpenSSL ("To use a TLS transport you must compile SIPp with
/// OpenSSL"), so SIPp speaks TCP to a local stunnel that carries it over mutual TLS to the node — the node sees a TLS
/// connection presenting a client certificate, exactly as from Microsoft's SIP proxy.
/// </summary>
[Collection(PalisadeCollection.Name)]
public sealed class SippTlsTests(PalisadeFixture fixture)
{
    [Fact]
    public async Task Sipp_options_over_mutual_tls_via_stunnel_get_200()
    {
        (string ca, string clientPem) = fixture.ClientCredentials();
        int tunnelPort = FreePort.Next(PalisadeProcess.Address);
        string conf = Path.Combine(fixture.Node.Directory, "stunnel-" + tunnelPort.ToString(CultureInfo.InvariantCulture) + ".conf");
        await File.WriteAllTextAsync(conf, $"""
            foreground = yes
            pid =
            [sip-tls]
            client = yes
            accept = 127.0.0.1:{tunnelPort}
            connect = 127.0.0.1:{fixture.Node.TlsPort}
            sni = sbc.lab.example.net
            checkHost = sbc.lab.example.net
            verifyChain = yes
            CAfile = {ca}
            cert = {clientPem}
            key = {clientPem}
            sslVersionMin = TLSv1.2
            """);
        using var stunnel = Process.Start(new ProcessStartInfo(ToolRun.Require("stunnel"), conf) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            // stunnel binds its accept port synchronously at start; wait until it answers.
            await WaitForTcp(tunnelPort, TimeSpan.FromSeconds(10));
            ToolResult r = await ToolRun.RunAsync("sipp",
                ["-sf", RepoPaths.Scenario("options-uac.xml"), "-t", "t1", "-i", "127.0.0.1", "-p", "0", "-m", "20", "-r", "20", "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err", $"127.0.0.1:{tunnelPort}"],
                TimeSpan.FromSeconds(30), workingDirectory: fixture.Node.Directory);
            Assert.True(r.ExitCode == 0, r.ToString());
        }
        finally
        {
            stunnel.Kill();
            await stunnel.WaitForExitAsync();
        }
    }

    private static async Task WaitForTcp(int port, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var c = new System.Net.Sockets.TcpClient();
                await c.ConnectAsync(PalisadeProcess.Address, port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (deadline.Elapsed < limit)
            {
                await Task.Delay(50);
            }
        }
    }
}
