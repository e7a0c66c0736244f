using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// A raw TCP peer that reads whole SIP responses (framed by their Content-Length) and notices when the node closes
/// the connection. Unlike <see cref="SipProbe.TcpAsync"/> it returns as soon as it has what it waits for, so tests
/// over many connections stay fast.
/// </summary>
internal sealed class TcpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[65_536];

    private TcpPeer(Socket socket) => _socket = socket;

    /// <summary>True once the node closed (or reset) the connection.</summary>
    public bool Closed { get; private set; }

    /// <summary>Connects to the node's TCP port, from <paramref name="source"/> when given (another loopback address).</summary>
    public static async Task<TcpPeer> ConnectAsync(int port, IPAddress? source = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
                socket.Bind(new IPEndPoint(source, 0));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            return new TcpPeer(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Writes bytes; false when the node has already closed or reset the connection.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                int n = await _socket.SendAsync(data, SocketFlags.None);
                data = data[n..];
            }
            return true;
        }
        catch (SocketException)
        {
            Closed = true;
            return false;
        }
    }

    /// <summary>
    /// Reads responses until <paramref name="count"/> have arrived, the node closes the connection, or
    /// <paramref name="wait"/> passes; then waits <paramref name="settle"/> more for anything unexpected (another
    /// answer, or the close that follows a framing error).
    /// </summary>
    public async Task<List<int>> ReadAnswersAsync(int count, TimeSpan wait, TimeSpan settle)
    {
        var codes = new List<int>();
        var clock = Stopwatch.StartNew();
        bool settling = false;
        TimeSpan deadline = wait;
        while (!Closed)
        {
            while (TryTakeResponse(out int status))
                codes.Add(status);
            if (codes.Count >= count && !settling)
            {
                settling = true;
                deadline = clock.Elapsed + settle;
            }
            TimeSpan left = deadline - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                break;
            using var cts = new CancellationTokenSource(left);
            try
            {
                int n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                    Closed = true;
                else
                    _pending.AddRange(_buffer.AsSpan(0, n));
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException)
            {
                Closed = true;
            }
        }
        while (TryTakeResponse(out int last))
            codes.Add(last);
        return codes;
    }

    /// <summary>Waits up to <paramref name="wait"/> for the node to close the connection; bytes read meanwhile are kept.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan wait)
    {
        await ReadAnswersAsync(int.MaxValue, wait, TimeSpan.Zero);
        return Closed;
    }

    /// <summary>Takes one complete response (status line … Content-Length body) off the front of what was read.</summary>
    private bool TryTakeResponse(out int status)
    {
        status = 0;
        // A CRLF is the node's keep-alive pong (RFC 5626 §3.5.1), not part of a response.
        int pong = 0;
        while (pong < _pending.Count && _pending[pong] is (byte)'\r' or (byte)'\n')
            pong++;
        _pending.RemoveRange(0, pong);
        byte[] data = [.. _pending];
        int headerEnd = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
            return false;
        string head = Encoding.Latin1.GetString(data, 0, headerEnd);
        int bodyLength = 0;
        foreach (string line in head.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                continue;
            string name = line[..colon].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("l", StringComparison.OrdinalIgnoreCase))
                bodyLength = int.Parse(line[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        int total = headerEnd + 4 + bodyLength;
        if (data.Length < total)
            return false;
        status = SipProbe.StatusOf(data.AsSpan(0, total));
        _pending.RemoveRange(0, total);
        return true;
    }

    public void Dispose() => _socket.Dispose();
}
