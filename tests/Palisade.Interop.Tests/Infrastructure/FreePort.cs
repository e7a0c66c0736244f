using System.Net;
using System.Net.Sockets;

namespace Palisade.Interop.Tests.Infrastructure;

/// <summary>Finds a port free for both UDP and TCP on a loopback address.</summary>
internal static class FreePort
{
    private static int s_next = 20000 + (Environment.ProcessId % 200) * 100;

    public static int Next(IPAddress address)
    {
        for (int attempt = 0; attempt < 500; attempt++)
        {
            int port = Interlocked.Increment(ref s_next);
            if (IsFree(address, port))
                return port;
        }
        throw new InvalidOperationException("no free port found on " + address);
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
