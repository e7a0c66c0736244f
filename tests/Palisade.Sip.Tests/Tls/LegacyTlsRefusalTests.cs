using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Palisade.Sip.Tests.Tls;

/// <summary>
/// TLS 1.0/1.1 were retired by Teams on 2022-04-03 (direct-routing-whats-new) and by RFC 8996. A real OpenSSL
/// client that offers at most TLS 1.1 must be refused by the SBC.
/// </summary>
public sealed class LegacyTlsRefusalTests(TlsLabFixture lab) : IClassFixture<TlsLabFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TLS_1_1_client_is_refused()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        // -tls1_1 caps the client at TLS 1.1; SECLEVEL=0 lets Debian's OpenSSL 3 (default SECLEVEL 2, which
        // disables TLS < 1.2) actually offer it, so a failure is the server's refusal, not the client's.
        Process? openssl = StartOpenSsl(
            $"s_client -tls1_1 -cipher DEFAULT@SECLEVEL=0 -connect 127.0.0.1:{port} -servername {TlsLabFixture.SbcFqdn}");
        if (openssl is null)
        {
            await AssertDotNetTls11ClientRefused();
            return;
        }

        using (openssl)
        {
            Task<string> stdout = openssl.StandardOutput.ReadToEndAsync(cts.Token);
            Task<string> stderr = openssl.StandardError.ReadToEndAsync(cts.Token);
            openssl.StandardInput.Close(); // s_client quits at EOF on stdin once connected

            using Socket accepted = await listener.AcceptSocketAsync(cts.Token);
            byte[] hello = await PeekClientHelloAsync(accepted, cts.Token);
            var server = new SslStream(new NetworkStream(accepted, ownsSocket: false));
            Exception? serverError = await Record.ExceptionAsync(
                () => server.AuthenticateAsServerAsync(lab.Policy(lab.Sbc).CreateServerOptions(), cts.Token));
            await server.DisposeAsync();
            accepted.Close();

            await openssl.WaitForExitAsync(cts.Token);
            string output = await stdout + await stderr;

            if (output.Contains("no protocols available", StringComparison.Ordinal))
            {
                // This OpenSSL build cannot offer TLS 1.1 at all; the run proves nothing, fall back below.
                await AssertDotNetTls11ClientRefused();
                return;
            }

            // The ClientHello really was a TLS 1.1 one: handshake record (22), ClientHello (1),
            // client_version 3.2 = TLS 1.1 (RFC 4346 §7.4.1.2) and no TLS 1.3 supported_versions to upgrade it.
            Assert.Equal(0x16, hello[0]);
            Assert.Equal(0x01, hello[5]);
            Assert.Equal((byte)0x03, hello[9]);
            Assert.Equal((byte)0x02, hello[10]);

            Assert.IsType<AuthenticationException>(serverError);
            Assert.True(openssl.ExitCode != 0, output);
            // s_client prints its session summary even on failure; "(NONE)" means no cipher was ever agreed.
            Assert.Contains("Cipher is (NONE)", output, StringComparison.Ordinal);
        }
    }

    private static Process? StartOpenSsl(string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            return Process.Start(start);
        }
        catch (Win32Exception)
        {
            return null; // no openssl binary on this machine
        }
    }

    private static async Task<byte[]> PeekClientHelloAsync(Socket socket, CancellationToken cancellationToken)
    {
        // Peek leaves the bytes in the socket for SslStream. 11 bytes reach client_version.
        byte[] buffer = new byte[64];
        int received;
        do
        {
            received = await socket.ReceiveAsync(buffer, SocketFlags.Peek, cancellationToken);
            Assert.True(received > 0, "the client closed before sending a ClientHello");
        }
        while (received < 11);

        return buffer;
    }

    /// <summary>
    /// Fallback when no OpenSSL can offer TLS 1.1: a .NET client restricted to TLS 1.1. On a modern OpenSSL this
    /// may fail on the client side before anything is sent, which is weaker evidence — hence OpenSSL first.
    /// </summary>
    private async Task AssertDotNetTls11ClientRefused()
    {
#pragma warning disable SYSLIB0039 // TLS 1.1 is obsolete — that is exactly what is being refused here.
        var legacy = new SslClientAuthenticationOptions
        {
            TargetHost = TlsLabFixture.SbcFqdn,
            EnabledSslProtocols = SslProtocols.Tls11,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
#pragma warning restore SYSLIB0039
        await using TlsLoopback tls = await TlsLoopback.HandshakeAsync(lab.Policy(lab.Sbc).CreateServerOptions(), legacy);
        Assert.NotNull(tls.ClientError);
    }
}
