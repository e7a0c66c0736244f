using System.Globalization;
using System.Net;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// Whether a peer process has bound its socket yet, read from the kernel's socket tables (/proc/net/udp, /proc/net/tcp)
/// rather than by binding a probe socket, which could steal the port from the peer in the instant it starts.
/// </summary>
internal static class PortTable
{
    private const string TcpListen = "0A";

    public static bool IsBound(IPAddress address, int port, bool tcp)
    {
        string path = tcp ? "/proc/net/tcp" : "/proc/net/udp";
        string local = Hex(address) + ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        string any = "00000000:" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 3 && (f[1] == local || f[1] == any) && (!tcp || f[3] == TcpListen))
                return true;
        }
        return false;
    }

    /// <summary>Waits until <paramref name="address"/>:<paramref name="port"/> is bound, the owner died, or the limit passed.</summary>
    public static async Task WaitBoundAsync(IPAddress address, int port, bool tcp, Func<bool> ownerExited, Func<string> owner, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        while (!IsBound(address, port, tcp))
        {
            if (ownerExited())
                throw new InvalidOperationException($"{owner()} exited before it listened on {address}:{port}");
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"{owner()} did not listen on {address}:{port} ({(tcp ? "TCP" : "UDP")}) within {limit.TotalSeconds} s");
            await Task.Delay(25, CancellationToken.None);
        }
    }

    private static string Hex(IPAddress address)
    {
        byte[] b = address.GetAddressBytes();
        // /proc/net prints the IPv4 address as a little-endian 32-bit word.
        return string.Create(CultureInfo.InvariantCulture, $"{b[3]:X2}{b[2]:X2}{b[1]:X2}{b[0]:X2}");
    }
}
