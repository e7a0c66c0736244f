using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// Sends hostile datagrams to a node without waiting for their answers, yet without outrunning it: after a bounded
/// amount of traffic it waits until an OPTIONS sent behind it is answered. The node reads its UDP socket on one thread
/// in arrival order, so that answer proves every earlier datagram was read rather than dropped by a full socket buffer
/// (which would silently shrink the test). Answers to the hostile datagrams are tallied by status, for the report.
/// </summary>
internal sealed class PacedUdpSender : IAsyncDisposable
{
    /// <summary>The largest UDP payload over IPv4 (65,535 − 20 IP − 8 UDP); a longer message cannot be one datagram.</summary>
    public const int MaxDatagram = 65_507;

    private const int SyncBytes = 128 * 1024;
    private const int SyncCount = 25;

    private readonly HostileNode _node;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drain;
    private readonly ConcurrentDictionary<int, int> _answers = new();
    private int _bytesSinceSync;
    private int _countSinceSync;

    public PacedUdpSender(HostileNode node)
    {
        _node = node;
        _target = new IPEndPoint(IPAddress.Loopback, node.Node.UdpPort);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _drain = Task.Run(DrainAsync);
    }

    public int Sent { get; private set; }
    public int Truncated { get; private set; }
    public int Syncs { get; private set; }

    /// <summary>Status codes of the answers received so far (retransmitted answers count each time).</summary>
    public IReadOnlyDictionary<int, int> Answers => _answers;

    /// <summary>Sends one datagram (cut to <see cref="MaxDatagram"/> when longer) and paces.</summary>
    public async Task SendAsync(byte[] datagram)
    {
        ReadOnlyMemory<byte> payload = datagram;
        if (datagram.Length > MaxDatagram)
        {
            payload = datagram.AsMemory(0, MaxDatagram);
            Truncated++;
        }
        await _socket.SendToAsync(payload, SocketFlags.None, _target);
        Sent++;
        _bytesSinceSync += payload.Length;
        if (++_countSinceSync >= SyncCount || _bytesSinceSync >= SyncBytes)
            await SyncAsync();
    }

    /// <summary>Waits until the node has read everything sent so far (an OPTIONS behind it is answered, 2 s at most).</summary>
    public async Task SyncAsync()
    {
        _bytesSinceSync = 0;
        _countSinceSync = 0;
        Syncs++;
        await _node.AssertServingAsync($"{Sent} datagrams");
    }

    private async Task DrainAsync()
    {
        byte[] buffer = new byte[65_536];
        try
        {
            while (true)
            {
                SocketReceiveFromResult r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                _answers.AddOrUpdate(SipProbe.StatusOf(buffer.AsSpan(0, r.ReceivedBytes)), 1, static (_, n) => n + 1);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _drain;
        _stop.Dispose();
    }
}
