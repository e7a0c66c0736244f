using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Palisade.Sip.Transport;

/// <summary>Accepts TCP or TLS connections on one listener and hands them to the transport layer.</summary>
internal sealed class StreamListener : IDisposable
{
    private readonly Socket _socket;
    private readonly SipTransportLayer _layer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();

    public StreamListener(SipListenerOptions options, SipTransportLayer layer, ILogger logger)
    {
        Options = options;
        _layer = layer;
        _logger = logger;
        _socket = new Socket(options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(options.EndPoint);
            _socket.Listen(512);
        }
        catch
        {
            // The caller never gets this object to dispose: close the socket here rather than leave it to the finaliser.
            _socket.Dispose();
            _stop.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public SipListenerOptions Options { get; }
    public IPEndPoint LocalEndPoint { get; }

    private int _acceptFailures;

    public void Start() => _ = AcceptLoopAsync();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The accept loop must survive anything (EMFILE, ENOBUFS…): a dead loop is a dead listener.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Back off so a persistent error (out of file descriptors) does not spin a core; grow to 1 s.
                _acceptFailures = Math.Min(_acceptFailures + 1, 10);
                _logger.LogWarning("Accept on {Listener} failed ({Failures} in a row): {Error}", Options.Name, _acceptFailures, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10 * (1 << Math.Min(_acceptFailures, 7))), _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            _acceptFailures = 0;
            _ = AcceptAsync(client);
        }
    }

    private async Task AcceptAsync(Socket client)
    {
        IPEndPoint remote;
        try
        {
            // Both throw when the peer has already reset the connection (a SYN-then-RST scan). NoDelay used to be
            // set after the reservation, so that throw leaked a connection slot for good: enough of them and the
            // per-source limit locked the source out.
            remote = (IPEndPoint)client.RemoteEndPoint!;
            client.NoDelay = true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            client.Dispose();
            return;
        }
        if (!_layer.TryReserveConnection(remote.Address))
        {
            client.Dispose();
            return;
        }
        Stream stream;
        try
        {
            stream = new NetworkStream(client, ownsSocket: true);
        }
        catch (IOException)
        {
            _layer.ReleaseConnection(remote.Address);
            client.Dispose();
            return;
        }
        if (Options.Transport == SipTransportKind.Tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var timeout = new CancellationTokenSource(_layer.Options.ConnectTimeout);
                await ssl.AuthenticateAsServerAsync(_layer.Tls!.ServerOptions, timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any handshake failure (alert, timeout, reset) refuses this peer only.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _layer.ReleaseConnection(remote.Address);
                _layer.HandshakeFailed(remote, ex);
                await ssl.DisposeAsync().ConfigureAwait(false);
                return;
            }
            stream = ssl;
        }
        Tls.TlsPeerIdentity? peer = stream is SslStream established ? Tls.TlsPeerIdentity.FromStream(established) : null;
        if (stream is SslStream tls)
            _layer.HandshakeSucceeded(remote, tls, peer);
        var connection = new StreamConnection(Options.Transport, stream, remote, LocalEndPoint, Options.Name, hostName: null, _layer.Time) { TlsPeer = peer };
        _layer.Register(connection);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
