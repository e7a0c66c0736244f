using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

/// <summary>
/// An in-process nameserver on 127.0.0.1 (UDP and TCP on the same port) whose replies a test scripts: the handler gets
/// the decoded query and whether it came over TCP, and returns the packets to send back (none = stay silent).
/// </summary>
internal sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<DnsMessage, bool, IEnumerable<byte[]>> _handler;
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private int _udpQueries;
    private int _tcpQueries;

    public FakeDnsServer(Func<DnsMessage, bool, IEnumerable<byte[]>> handler)
    {
        _handler = handler;
        // DNS needs the same port on UDP and TCP. The UDP port is free by construction, but some other socket may
        // hold it for TCP (an ephemeral port of a connection in another test): then try another port.
        for (int attempt = 0; ; attempt++)
        {
            _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
            _tcp = new TcpListener(EndPoint);
            try
            {
                _tcp.Start();
                break;
            }
            catch (SocketException) when (attempt < 50)
            {
                _udp.Dispose();
            }
        }
        _udpLoop = Task.Run(UdpLoopAsync);
        _tcpLoop = Task.Run(TcpLoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int UdpQueries => Volatile.Read(ref _udpQueries);

    public int TcpQueries => Volatile.Read(ref _tcpQueries);

    /// <summary>A reply to <paramref name="query"/> with the given answers.</summary>
    public static DnsPacketBuilder Reply(DnsMessage query, ushort flags = 0x8180, ushort? id = null) =>
        new DnsPacketBuilder(id ?? query.Id, flags).Question(query.QuestionName, (DnsRecordType)query.QuestionType);

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested)
                    return;
                continue;
            }

            Interlocked.Increment(ref _udpQueries);
            if (!DnsMessageDecoder.TryDecode(buffer.AsSpan(0, received.ReceivedBytes), out var query, out _))
                continue;
            foreach (var reply in _handler(query!, false))
                await _udp.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint);
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var prefix = new byte[2];
                await stream.ReadExactlyAsync(prefix);
                var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(query);
                Interlocked.Increment(ref _tcpQueries);
                if (!DnsMessageDecoder.TryDecode(query, out var message, out _))
                    continue;
                foreach (var reply in _handler(message!, true))
                {
                    var framed = new byte[reply.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                    reply.CopyTo(framed, 2);
                    await stream.WriteAsync(framed);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_udpLoop, _tcpLoop).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
