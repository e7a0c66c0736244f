using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Palisade.Interop.Tests.Infrastructure;

/// <summary>A raw socket peer for wire tests: sends exact bytes and reads the status code of what comes back.</summary>
internal static class SipProbe
{
    /// <summary>
    /// Sends one datagram and returns the status codes received within <paramref name="wait"/>; after the first
    /// answer it listens only <paramref name="settle"/> longer (to catch a second, unwanted answer).
    /// </summary>
    public static async Task<List<int>> UdpAsync(int port, byte[] datagram, TimeSpan wait, TimeSpan? settle = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(datagram, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
        var codes = new List<int>();
        byte[] buffer = new byte[65536];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                SocketReceiveFromResult r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                codes.Add(StatusOf(buffer.AsSpan(0, r.ReceivedBytes)));
                if (codes.Count == 1)
                    cts.CancelAfter(settle ?? TimeSpan.FromMilliseconds(150));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return codes;
    }

    /// <summary>Sends bytes on a fresh TCP connection; returns the status codes read and whether the server closed it.</summary>
    public static async Task<(List<int> Codes, bool Closed)> TcpAsync(int port, byte[] data, TimeSpan wait)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(data);
        var received = new MemoryStream();
        byte[] buffer = new byte[65536];
        bool closed = false;
        using var cts = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    closed = true;
                    break;
                }
                received.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            closed = true;
        }
        var codes = new List<int>();
        string text = Encoding.UTF8.GetString(received.ToArray());
        foreach (string part in text.Split("SIP/2.0 ", StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length >= 3 && int.TryParse(part.AsSpan(0, 3), out int code))
                codes.Add(code);
        }
        return (codes, closed);
    }

    /// <summary>
    /// True when every answer is <paramref name="expected"/> and there is at least one. The probe sends no ACK, so a
    /// non-2xx final to an INVITE may legitimately come again from Timer G (RFC 3261 §17.2.1) if the first one took
    /// longer than the settle window to arrive; an answer with another code is always wrong.
    /// </summary>
    public static bool OnlyAnswered(IReadOnlyList<int> codes, int expected) => codes.Count > 0 && codes.All(c => c == expected);

    public static int StatusOf(ReadOnlySpan<byte> response)
    {
        if (response.Length < 12 || !response.StartsWith("SIP/2.0 "u8))
            return -1;
        return int.Parse(response.Slice(8, 3), provider: null);
    }

    public static byte[] Options(int port, string transport = "UDP") => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:ping@127.0.0.1:{port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} 127.0.0.1:5999;branch=z9hG4bK{Guid.NewGuid():N}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:probe@127.0.0.1>;tag={Environment.TickCount64}\r\n" +
        $"To: <sip:ping@127.0.0.1:{port}>\r\n" +
        $"Call-ID: {Guid.NewGuid():N}@probe\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n");
}
