using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// A trunk endpoint that must never be reached: it binds the address a trunk names and records every datagram, and
/// answers nothing. A test asserts it stayed empty.
/// </summary>
internal sealed class UdpSink : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _received = [];
    private readonly Task _loop;

    public UdpSink(string name, IPAddress address, int port)
    {
        Name = name;
        EndPoint = new IPEndPoint(address, port);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(EndPoint);
        _loop = ReceiveAsync();
    }

    public string Name { get; }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<string> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public string Describe()
    {
        IReadOnlyList<string> got = Received;
        return got.Count == 0
            ? $"== {Name} ({EndPoint}, silent sink): nothing received"
            : $"== {Name} ({EndPoint}, silent sink): {got.Count} datagram(s)\n" + string.Join("\n---\n", got);
    }

    private async Task ReceiveAsync()
    {
        byte[] buffer = new byte[65536];
        try
        {
            while (true)
            {
                SocketReceiveFromResult r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                string text = Encoding.UTF8.GetString(buffer, 0, r.ReceivedBytes);
                lock (_received)
                    _received.Add($"from {r.RemoteEndPoint}:\n{text.Replace("\r", "", StringComparison.Ordinal)}");
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
