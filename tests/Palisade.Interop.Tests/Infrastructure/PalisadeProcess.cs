using System.Diagnostics;
using System.Net;
using System.Text;

namespace Palisade.Interop.Tests.Infrastructure;

/// <summary>
/// A real <c>palisade run</c> process on loopback with its own data directory and free ports, as an operator would
/// start it. Disposing stops it with SIGTERM (then kills it if it does not exit).
/// </summary>
internal sealed class PalisadeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _keepDirectory;

    private PalisadeProcess(Process process, string directory, int udpPort, int tcpPort, int tlsPort)
    {
        _process = process;
        Directory = directory;
        UdpPort = udpPort;
        TcpPort = tcpPort;
        TlsPort = tlsPort;
    }

    public static IPAddress Address { get; } = IPAddress.Loopback;
    public string Directory { get; }
    public string DataDirectory => Path.Combine(Directory, "data");
    public int UdpPort { get; }
    public int TcpPort { get; }
    public int TlsPort { get; }
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The YAML used by <see cref="StartAsync"/>: three loopback listeners and an automatic lab CA.</summary>
    public static string Config(string dataDirectory, int udp, int tcp, int tls, string extraTls = "", string extra = "") => $"""
        node:
          name: interop
          fqdn: sbc.lab.example.net
          data: {dataDirectory}
        tls:
          certificate: auto
          trust: auto
        {extraTls}
        listeners:
          - {"{"} name: udp, transport: udp, address: 127.0.0.1, port: {udp} {"}"}
          - {"{"} name: tcp, transport: tcp, address: 127.0.0.1, port: {tcp} {"}"}
          - {"{"} name: tls, transport: tls, address: 127.0.0.1, port: {tls} {"}"}
        {extra}
        """;

    /// <summary>Starts a node on free loopback ports; <paramref name="extraTls"/> adds lines to its tls section.</summary>
    public static async Task<PalisadeProcess> StartAsync(string extraTls = "", string extra = "")
    {
        string dir = Path.Combine(Path.GetTempPath(), "palisade-it-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        int udp = FreePort.Next(Address), tcp = FreePort.Next(Address), tls = FreePort.Next(Address);
        string configPath = Path.Combine(dir, "palisade.yaml");
        await File.WriteAllTextAsync(configPath, Config(Path.Combine(dir, "data"), udp, tcp, tls, extraTls, extra));
        return await LaunchAsync(dir, configPath, udp, tcp, tls);
    }

    /// <summary>
    /// Kills this node with SIGKILL (no chance to flush anything) and starts a new one on the same directory,
    /// configuration and ports — a crash and a restart by the service manager.
    /// </summary>
    public async Task<PalisadeProcess> KillAndRestartAsync()
    {
        _keepDirectory = true;
        _process.Kill();
        await _process.WaitForExitAsync();
        return await LaunchAsync(Directory, Path.Combine(Directory, "palisade.yaml"), UdpPort, TcpPort, TlsPort);
    }

    private static async Task<PalisadeProcess> LaunchAsync(string dir, string configPath, int udp, int tcp, int tls)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        psi.ArgumentList.Add(ServerAssembly());
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(configPath);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var node = new PalisadeProcess(process, dir, udp, tcp, tls);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.Exited += (_, _) => node._ready.TrySetException(new InvalidOperationException("palisade exited before it was ready:\n" + node.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>The built server next to the tests (it is a project reference), else the src build output.</summary>
    public static string ServerAssembly()
    {
        string local = Path.Combine(AppContext.BaseDirectory, "palisade.dll");
        if (File.Exists(local))
            return local;
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        return Path.Combine(RepoPaths.Root, "src", "Palisade.Server", "bin", configuration, "net10.0", "palisade.dll");
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line.Contains(" ready in ", StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the graceful path an operator's service manager takes.
            _ = ToolRun.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        if (_keepDirectory)
            return; // a restarted node owns the directory now
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
