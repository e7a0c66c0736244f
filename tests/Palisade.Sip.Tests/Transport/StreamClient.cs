using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Transport;

/// <summary>
/// A plain TCP (or TLS) peer of the transport layer: writes raw bytes, reads whole SIP messages (framed as the
/// layer frames them) and notices when the layer closes the connection.
/// </summary>
internal sealed class StreamClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[128 * 1024];
    private int _filled;

    private StreamClient(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public Stream Stream { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Wraps the server side of a connection a test accepted (a peer the layer dialled).</summary>
    public static StreamClient Accepted(Socket socket, Stream stream) => new(socket, stream);

    public static async Task<StreamClient> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await socket.ConnectAsync(server, timeout.Token);
        return new StreamClient(socket, new NetworkStream(socket, ownsSocket: true));
    }

    /// <summary>Connects and runs a TLS handshake; a handshake failure is returned, not thrown (refusal tests expect it).</summary>
    public static async Task<(StreamClient Client, Exception? HandshakeError)> ConnectTlsAsync(IPEndPoint server, SslClientAuthenticationOptions options)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await socket.ConnectAsync(server, timeout.Token);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        Exception? error = null;
        try
        {
            await ssl.AuthenticateAsClientAsync(options, timeout.Token);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            error = e;
        }
        return (new StreamClient(socket, ssl), error);
    }

    public async Task WriteAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await Stream.WriteAsync(bytes, timeout.Token);
        await Stream.FlushAsync(timeout.Token);
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Reads exactly <paramref name="count"/> bytes (e.g. a keep-alive pong).</summary>
    public async Task<string> ReadBytesAsync(int count)
    {
        while (_filled < count)
        {
            if (!await FillAsync())
                Assert.Fail("Connection closed before " + count + " bytes arrived");
        }
        return Take(count);
    }

    /// <summary>Reads one SIP message, framed by Content-Length.</summary>
    public async Task<string> ReadMessageAsync()
    {
        while (true)
        {
            FrameStatus status = SipFramer.FrameStream(_buffer.AsSpan(0, _filled), _buffer.Length, out int length, out string? error);
            switch (status)
            {
                case FrameStatus.Complete:
                    return Take(length);
                case FrameStatus.KeepAlive:
                    Take(length);
                    continue;
                case FrameStatus.NeedMore:
                    if (!await FillAsync())
                        Assert.Fail("Connection closed before a whole message arrived");
                    continue;
                default:
                    Assert.Fail("Unframeable reply: " + error);
                    return "";
            }
        }
    }

    /// <summary>True when the layer closed the connection (end of stream or reset) within the timeout; any bytes before the close are discarded.</summary>
    public async Task<bool> WaitClosedAsync()
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        try
        {
            while (true)
            {
                int n = await Stream.ReadAsync(_buffer, timeout.Token);
                if (n == 0)
                    return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // A reset, or a TLS alert the layer sent before closing.
            return true;
        }
    }

    /// <summary>A read that completes when anything arrives or the connection closes (for tests that poll a fake clock).</summary>
    public Task<int> ReadSomeAsync(CancellationToken token) => Stream.ReadAsync(_buffer, token).AsTask();

    private async Task<bool> FillAsync()
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        int n = await Stream.ReadAsync(_buffer.AsMemory(_filled), timeout.Token);
        _filled += n;
        return n > 0;
    }

    private string Take(int count)
    {
        string text = Encoding.ASCII.GetString(_buffer, 0, count);
        Buffer.BlockCopy(_buffer, count, _buffer, 0, _filled - count);
        _filled -= count;
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }
}
