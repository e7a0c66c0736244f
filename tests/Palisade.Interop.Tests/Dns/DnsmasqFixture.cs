using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Sip.Dns;

namespace Palisade.Interop.Tests.Dns;

/// <summary>
/// A real dnsmasq (Debian package dnsmasq-base, no system service) serving a small SIP zone on a loopback address and
/// a free high port, killed when the tests are done. Missing dnsmasq is a failure, not a skip: the suite installs it.
/// </summary>
public sealed class DnsmasqFixture : IAsyncLifetime
{
    public const string Binary = "/usr/sbin/dnsmasq";
    public const int BigSrvCount = 16;
    private static readonly IPAddress ListenAddress = IPAddress.Parse("127.0.53.53");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public IPEndPoint EndPoint { get; private set; } = new(ListenAddress, 0);

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                $"{Binary} not found: the DNS interop tests need a real dnsmasq. Install the Debian package: apt-get install -y dnsmasq-base");
        }

        EndPoint = new IPEndPoint(ListenAddress, FreePort());
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(EndPoint.Port))
            start.ArgumentList.Add(argument);

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary}");
        _process.OutputDataReceived += OnOutput;
        _process.ErrorDataReceived += OnOutput;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Ready when it answers; give up (with its own words) if it exits or stays silent.
        var client = new DnsWireClient(new DnsResolverOptions { NameServers = [EndPoint], Timeout = TimeSpan.FromMilliseconds(200), Attempts = 1 });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"dnsmasq exited with code {_process.ExitCode}: {Output}");
            var response = await client.QueryAsync("sip1.example.test", DnsRecordType.A, default);
            if (response.Message is not null)
                return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"dnsmasq on {EndPoint} did not answer within 10 s ({response.Error}): {Output}");
            await Task.Delay(50);
        }
    }

    private static List<string> Arguments(int port)
    {
        var arguments = new List<string>
        {
            "--no-daemon",
            "--no-resolv",
            "--no-hosts",
            "--port=" + port.ToString(CultureInfo.InvariantCulture),
            "--listen-address=" + ListenAddress,
            "--bind-interfaces",
            "--pid-file=",
            "--log-queries",
            "--log-facility=-",
            // Answer NXDOMAIN for unknown names in our zone instead of trying (absent) upstream servers.
            "--local=/test/",

            "--host-record=sip1.example.test,127.0.0.10",
            "--host-record=sip2.example.test,127.0.0.11,::1",
            "--host-record=sip3.example.test,127.0.0.12",
            "--host-record=plain.test,127.0.0.20",

            // example.test: NAPTR → SRV → A, TLS first, then TCP; UDP has an SRV but no NAPTR.
            "--naptr-record=example.test,10,20,s,SIPS+D2T,,_sips._tcp.example.test",
            "--naptr-record=example.test,20,10,s,SIP+D2T,,_sip._tcp.example.test",
            "--naptr-record=example.test,5,10,s,SIP+D2S,,_sip._sctp.example.test",
            "--srv-host=_sips._tcp.example.test,sip1.example.test,5071,10,5",
            "--srv-host=_sip._tcp.example.test,sip2.example.test,5070,10,5",
            "--srv-host=_sip._tcp.example.test,sip3.example.test,5072,20,5",
            "--srv-host=_sip._udp.example.test,sip3.example.test,5080,10,5",
        };

        // big.test: more SRV records than fit a 512-byte UDP answer, so the resolver must retry over TCP.
        for (var i = 0; i < BigSrvCount; i++)
        {
            var host = string.Create(CultureInfo.InvariantCulture, $"a-rather-long-host-name-{i:D2}.big.test");
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--host-record={host},127.0.1.{i + 1}"));
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--srv-host=_sip._udp.big.test,{host},{6000 + i},1,10"));
        }

        return arguments;
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
            return;
        lock (_output)
            _output.AppendLine(e.Data);
    }

    private static int FreePort()
    {
        // Find a port free for both UDP and TCP on our address; dnsmasq binds both.
        for (var i = 0; i < 50; i++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(ListenAddress, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(ListenAddress, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP; try another.
            }
        }

        throw new InvalidOperationException("no free port on " + ListenAddress);
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
            return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
