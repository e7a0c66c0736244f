using System.Diagnostics;
using System.Net;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// stunnel carrying a SIPp peer's TCP over TLS (Debian's SIPp has no TLS). As a server it stands in for Microsoft's
/// SIP proxy accepting Palisade's connections (its certificate names sip.pstnhub.microsoft.com, and it demands
/// Palisade's client certificate); as a client it is Microsoft's proxy dialling Palisade (from 127.0.0.3, with the
/// proxy's certificate, checking Palisade's).
/// </summary>
internal sealed class Stunnel : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Stunnel(Process process, string name, IPEndPoint accept, string config)
    {
        _process = process;
        Name = name;
        Accept = accept;
        Config = config;
    }

    public string Name { get; }

    public IPEndPoint Accept { get; }

    public string Config { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Accepts TLS on <paramref name="accept"/> with <paramref name="certificatePem"/>; requires a client certificate from <paramref name="caPath"/>.</summary>
    public static Task<Stunnel> ServerAsync(string directory, string name, IPEndPoint accept, IPEndPoint connect, string certificatePem, string caPath) =>
        StartAsync(directory, name, accept, $"""
            [{name}]
            accept = {accept}
            connect = {connect}
            cert = {certificatePem}
            key = {certificatePem}
            CAfile = {caPath}
            verifyChain = yes
            sslVersionMin = TLSv1.2
            """);

    /// <summary>Accepts TCP on <paramref name="accept"/> and dials <paramref name="connect"/> over TLS from <paramref name="local"/>, checking the server is <paramref name="serverName"/>.</summary>
    public static Task<Stunnel> ClientAsync(string directory, string name, IPEndPoint accept, IPEndPoint connect, IPAddress local, string serverName, string certificatePem, string caPath) =>
        StartAsync(directory, name, accept, $"""
            [{name}]
            client = yes
            accept = {accept}
            connect = {connect}
            local = {local}
            sni = {serverName}
            checkHost = {serverName}
            verifyChain = yes
            CAfile = {caPath}
            cert = {certificatePem}
            key = {certificatePem}
            sslVersionMin = TLSv1.2
            """);

    private static async Task<Stunnel> StartAsync(string directory, string name, IPEndPoint accept, string service)
    {
        string path = Path.Combine(directory, name + ".stunnel.conf");
        string config = "foreground = yes\npid =\n" + service + "\n";
        await File.WriteAllTextAsync(path, config);
        var psi = new ProcessStartInfo(ToolRun.Require("stunnel"), path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var process = new Process { StartInfo = psi };
        var tunnel = new Stunnel(process, name, accept, config);
        process.OutputDataReceived += (_, e) => tunnel.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => tunnel.OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await PortTable.WaitBoundAsync(accept.Address, accept.Port, tcp: true, () => process.HasExited, () => tunnel.Describe(), TimeSpan.FromSeconds(10));
        }
        catch
        {
            await tunnel.DisposeAsync();
            throw;
        }
        return tunnel;
    }

    public string Describe() => $"== stunnel {Name} (accept {Accept})\n{Config}log:\n{Output}";

    private void OnOutput(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            if (_output.Length < 65536)
                _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
        }
        _process.Dispose();
    }
}
