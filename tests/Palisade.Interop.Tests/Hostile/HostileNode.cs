using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// A node of its own for one hostile-input test class: if one class crashes or wedges its node, the other classes
/// still test a healthy one. Besides the process it reads what the kernel knows about it (resident memory, UDP drops)
/// so a test can tell a leak or a silently skipped datagram from a pass.
/// </summary>
public sealed class HostileNode : IAsyncLifetime
{
    private PalisadeProcess? _node;

    internal PalisadeProcess Node => _node ?? throw new InvalidOperationException("the node is not started");

    /// <summary>The node's process id, found by its unique config path (PalisadeProcess does not expose it).</summary>
    public int ProcessId { get; private set; }

    public async Task InitializeAsync()
    {
        _node = await PalisadeProcess.StartAsync();
        ProcessId = FindProcess(Path.Combine(_node.Directory, "palisade.yaml"));
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
            await _node.DisposeAsync();
    }

    /// <summary>The process whose command line names <paramref name="configPath"/>; the directory is a fresh GUID, so it is one.</summary>
    private static int FindProcess(string configPath)
    {
        var found = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (cmdline.Contains(configPath, StringComparison.Ordinal) && cmdline.Contains("palisade.dll", StringComparison.Ordinal))
                found.Add(pid);
        }
        Assert.True(found.Count == 1, $"expected one palisade process for {configPath}, found {found.Count}");
        return found[0];
    }

    /// <summary>Resident memory of the node (VmRSS in /proc/PID/status).</summary>
    public long ResidentBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                continue;
            string kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("no VmRSS for process " + ProcessId);
    }

    /// <summary>
    /// Datagrams the kernel dropped because the node's UDP socket buffer was full (last column of /proc/net/udp).
    /// A hostile run with drops would have tested less than it claims.
    /// </summary>
    public long UdpDrops()
    {
        string local = "0100007F:" + Node.UdpPort.ToString("X4", CultureInfo.InvariantCulture);
        foreach (string line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            string[] cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length > 12 && cols[1] == local)
                return long.Parse(cols[^1], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("no UDP socket bound to " + local);
    }

    /// <summary>The last lines the node printed, for assertion messages (a crash explains itself there).</summary>
    public string OutputTail(int lines = 40)
    {
        string[] all = Node.Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>The node process runs and answers an OPTIONS over UDP with 200 within 2 s.</summary>
    public async Task AssertServingAsync(string after)
    {
        Assert.False(Node.HasExited, $"the node exited after {after}:\n{OutputTail()}");
        int status = await FirstUdpAnswerAsync(SipProbe.Options(Node.UdpPort), TimeSpan.FromSeconds(2));
        Assert.True(status == 200, $"no 200 to OPTIONS after {after} (got {status}, 0 = nothing):\n{OutputTail()}");
    }

    /// <summary>
    /// Sends one datagram from a fresh socket and returns the status of the first answer, or 0 after
    /// <paramref name="wait"/>. Returning on the first answer (no settle time, unlike <see cref="SipProbe.UdpAsync"/>)
    /// matters when a run probes hundreds of times.
    /// </summary>
    public async Task<int> FirstUdpAnswerAsync(byte[] datagram, TimeSpan wait)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(datagram, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, Node.UdpPort));
        byte[] buffer = new byte[65_536];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            SocketReceiveFromResult r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return SipProbe.StatusOf(buffer.AsSpan(0, r.ReceivedBytes));
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Resident memory stays under <paramref name="limitBytes"/>: hostile input must not accumulate state.</summary>
    public long AssertMemoryBelow(long limitBytes)
    {
        long rss = ResidentBytes();
        Assert.True(rss < limitBytes, $"node resident memory {rss / (1024 * 1024)} MB, limit {limitBytes / (1024 * 1024)} MB");
        return rss;
    }

    internal static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    internal static string Histogram(IEnumerable<KeyValuePair<int, int>> counts)
    {
        var sb = new StringBuilder();
        foreach (KeyValuePair<int, int> kv in counts.OrderBy(kv => kv.Key))
            sb.Append(CultureInfo.InvariantCulture, $"{kv.Key}×{kv.Value} ");
        return sb.ToString().TrimEnd();
    }
}

/// <summary>
/// The hostile classes run one after another and not beside the other interop tests: they saturate the 2-core
/// machine on purpose, and their liveness deadlines (2 s) must measure the node, not the neighbours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCollection
{
    public const string Name = "hostile input";
}
