using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Transport;

/// <summary>
/// Owns Palisade's SIP sockets: UDP, TCP and TLS listeners, inbound and outbound stream connections (reused for
/// responses and for later requests to the same peer, RFC 3261 §18), their limits and timeouts.
/// </summary>
public sealed class SipTransportLayer : ISipSender, IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly TransportMetrics _metrics = new();
    private readonly RateLimitedLog _noisyLog;
    private readonly List<UdpListener> _udp = [];
    private readonly List<StreamListener> _streams = [];
    private readonly ConcurrentDictionary<long, StreamConnection> _connections = new();
    private readonly ConcurrentDictionary<(SipTransportKind, IPEndPoint), StreamConnection> _byRemote = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perSource = new();
    private readonly ConcurrentDictionary<(SipTransportKind, IPEndPoint), Task<StreamConnection?>> _connecting = new();
    private InboundProcessor? _processor;
    private ITimer? _sweep;
    private int _connectionCount;
    private volatile bool _disposed;

    public SipTransportLayer(SipTransportOptions options, ITlsContext? tls, ILogger logger, TimeProvider time)
    {
        Options = options;
        Tls = tls;
        _logger = logger;
        Time = time;
        _noisyLog = new RateLimitedLog(logger, time, TimeSpan.FromSeconds(5));
    }

    public SipTransportOptions Options { get; }
    internal ITlsContext? Tls { get; }
    internal TimeProvider Time { get; }

    /// <summary>The bound listeners (after <see cref="Start"/>), with the actual ports when 0 was asked for.</summary>
    public IReadOnlyList<(SipListenerOptions Options, IPEndPoint Bound)> Listeners { get; private set; } = [];

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>
    /// Binds every listener, or none: a failure disposes what was bound and throws with the listener named.
    /// </summary>
    public void Start(IReadOnlyList<SipListenerOptions> listeners, ISipInboundHandler handler)
    {
        _processor = new InboundProcessor(handler, this, _metrics, _noisyLog, Options.AgentName);
        var bound = new List<(SipListenerOptions, IPEndPoint)>();
        try
        {
            foreach (SipListenerOptions l in listeners)
            {
                if (l.Transport == SipTransportKind.Tls && Tls is null)
                    throw new InvalidOperationException($"listener '{l.Name}' is TLS but no certificate is configured");
                if (l.Transport == SipTransportKind.Udp)
                {
                    var u = new UdpListener(l, _processor, _logger, Options.MaxMessageSize, Options.UdpReceiveThreads);
                    _udp.Add(u);
                    bound.Add((l, u.LocalEndPoint));
                }
                else
                {
                    var s = new StreamListener(l, this, _logger);
                    _streams.Add(s);
                    bound.Add((l, s.LocalEndPoint));
                }
            }
        }
        catch (SocketException ex)
        {
            DisposeListeners();
            string name = listeners[bound.Count].Name;
            throw new InvalidOperationException($"listener '{name}' cannot bind {listeners[bound.Count].Transport.ViaToken()} {listeners[bound.Count].EndPoint}: {ex.Message}", ex);
        }
        catch
        {
            // "Every listener, or none" holds for every failure, not only bind errors: a TLS listener without a
            // certificate used to throw past the SocketException handler and leave the listeners before it bound.
            DisposeListeners();
            throw;
        }
        foreach (UdpListener u in _udp) u.Start();
        foreach (StreamListener s in _streams) s.Start();
        Listeners = bound;
        _sweep = Time.CreateTimer(static state => ((SipTransportLayer)state!).Sweep(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public async ValueTask<bool> SendAsync(SipDestination destination, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        // After DisposeAsync nothing may open a connection again (it would outlive the layer, unswept and uncounted
        // by anyone): report the transport error instead (RFC 3261 §8.1.3.1).
        if (_disposed)
            return false;
        bool ok;
        if (destination.Transport == SipTransportKind.Udp)
        {
            UdpListener? socket = PickUdpSocket(destination.EndPoint, destination.LocalEndPoint);
            ok = socket is not null && socket.Send(destination.EndPoint, message.Span);
        }
        else
        {
            StreamConnection? c = await GetConnectionAsync(destination, cancellationToken).ConfigureAwait(false);
            ok = c is not null && await c.SendAsync(message).ConfigureAwait(false);
        }
        if (ok)
        {
            System.Diagnostics.TagList tags = default;
            tags.Add("transport", destination.Transport.ViaToken());
            _metrics.Sent.Add(1, tags);
        }
        return ok;
    }

    private UdpListener? PickUdpSocket(IPEndPoint destination, IPEndPoint? local)
    {
        // An answer leaves from the socket its request arrived on (symmetric, RFC 3581 §4).
        if (local is not null)
        {
            foreach (UdpListener u in _udp)
            {
                if (u.LocalEndPoint.Equals(local))
                    return u;
            }
        }
        // Prefer a socket of the same family bound to loopback for loopback peers; otherwise the first of the family.
        UdpListener? first = null;
        foreach (UdpListener u in _udp)
        {
            if (u.LocalEndPoint.AddressFamily != destination.AddressFamily)
                continue;
            first ??= u;
            if (IPAddress.IsLoopback(u.LocalEndPoint.Address) == IPAddress.IsLoopback(destination.Address))
                return u;
        }
        return first;
    }

    private async ValueTask<StreamConnection?> GetConnectionAsync(SipDestination destination, CancellationToken cancellationToken)
    {
        if (destination.ConnectionId != 0)
        {
            if (_connections.TryGetValue(destination.ConnectionId, out StreamConnection? pinned) && !pinned.Closed.IsCancellationRequested)
                return pinned;
            // RFC 3261 §18.2.2: if the connection is gone, a response is sent on a new one to the source address.
        }
        var key = (destination.Transport, destination.EndPoint);
        // A connection that is closing (disposed, not yet unregistered) would fail the send: treat it as gone.
        if (_byRemote.TryGetValue(key, out StreamConnection? existing) && !existing.Closed.IsCancellationRequested)
            return existing;
        // GetOrAdd with a factory may run the factory on several threads at once and keep one result: concurrent
        // first sends to a peer each dialled it, and the extra connections stayed open. Offer a not-yet-started
        // task instead; only the sender whose task was stored starts the connect.
        var attempt = new TaskCompletionSource<StreamConnection?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<StreamConnection?> connecting = _connecting.GetOrAdd(key, attempt.Task);
        if (connecting == attempt.Task)
            _ = CompleteConnectAsync(destination, key, attempt);
        try
        {
            return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (connecting.IsCompleted)
                _connecting.TryRemove(new KeyValuePair<(SipTransportKind, IPEndPoint), Task<StreamConnection?>>(key, connecting));
        }
    }

    private async Task CompleteConnectAsync(SipDestination destination, (SipTransportKind, IPEndPoint) key, TaskCompletionSource<StreamConnection?> attempt)
    {
        // A connect that finished between this sender's lookup and its GetOrAdd is already registered: reuse it.
        StreamConnection? c = null;
        try
        {
            c = _byRemote.TryGetValue(key, out StreamConnection? existing) && !existing.Closed.IsCancellationRequested
                ? existing
                : await ConnectAsync(destination).ConfigureAwait(false);
        }
        finally
        {
            // Every sender waiting on this attempt gets an answer, whatever happened.
            attempt.TrySetResult(c);
        }
    }

    /// <summary>
    /// The listener name requests arriving on a connection Palisade opened are attributed to: the listener of that
    /// transport (a peer such as Microsoft's SIP proxy may send its own requests over the connection the SBC opened,
    /// and trunk classification is by listener).
    /// </summary>
    private string OutboundListenerName(SipTransportKind transport)
    {
        foreach ((SipListenerOptions options, IPEndPoint _) in Listeners)
        {
            if (options.Transport == transport)
                return options.Name;
        }
        return "outbound";
    }

    private async Task<StreamConnection?> ConnectAsync(SipDestination destination)
    {
        if (destination.Transport == SipTransportKind.Tls && Tls is null)
            return null;
        if (!TryReserveConnection(destination.EndPoint.Address))
            return null;
        var socket = new Socket(destination.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var timeout = new CancellationTokenSource(Options.ConnectTimeout);
            await socket.ConnectAsync(destination.EndPoint, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (destination.Transport == SipTransportKind.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                string host = destination.HostName ?? destination.EndPoint.Address.ToString();
                await ssl.AuthenticateAsClientAsync(Tls!.ClientOptions(host), timeout.Token).ConfigureAwait(false);
            }
            var c = new StreamConnection(destination.Transport, stream, destination.EndPoint, (IPEndPoint)socket.LocalEndPoint!, OutboundListenerName(destination.Transport), destination.HostName, Time)
            {
                TlsPeer = stream is SslStream established ? TlsPeerIdentity.FromStream(established) : null,
            };
            Register(c);
            return _disposed ? null : c;
        }
#pragma warning disable CA1031 // Connect and handshake failures are reported to the caller as "not sent" (§8.1.3.1).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ReleaseConnection(destination.EndPoint.Address);
            _logger.LogWarning("Connection to {Destination} failed: {Error}", destination, ex.Message);
            if (stream is not null)
                await stream.DisposeAsync().ConfigureAwait(false);
            else
                socket.Dispose();
            return null;
        }
    }

    /// <summary>Counts a new connection against the per-source and total limits; false when it must be refused.</summary>
    internal bool TryReserveConnection(IPAddress source)
    {
        if (Interlocked.Increment(ref _connectionCount) > Options.MaxConnections)
        {
            Interlocked.Decrement(ref _connectionCount);
            Refused(source, "connection limit reached");
            return false;
        }
        int perSource = _perSource.AddOrUpdate(source, 1, static (_, n) => n + 1);
        if (perSource > Options.MaxConnectionsPerSource)
        {
            ReleaseConnection(source);
            Refused(source, "per-source connection limit reached");
            return false;
        }
        return true;
    }

    internal void ReleaseConnection(IPAddress source)
    {
        Interlocked.Decrement(ref _connectionCount);
        // Remove the entry when it drops to zero so scanners cannot grow the table without bound.
        while (_perSource.TryGetValue(source, out int n))
        {
            if (n <= 1 ? _perSource.TryRemove(new KeyValuePair<IPAddress, int>(source, n)) : _perSource.TryUpdate(source, n - 1, n))
                break;
        }
    }

    private void Refused(IPAddress source, string reason)
    {
        _metrics.ConnectionsRefused.Add(1);
        _noisyLog.Warn("Connection refused", source.ToString(), reason);
    }

    internal void HandshakeSucceeded(IPEndPoint remote, SslStream stream, TlsPeerIdentity? peer)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("TLS from {Remote}: {Protocol} {Cipher}, SNI {Sni}, peer {Subject} (DNS {Names}, SHA-256 {Fingerprint})",
                remote, stream.SslProtocol, stream.NegotiatedCipherSuite, stream.TargetHostName, peer?.Subject ?? "(none)",
                peer is null ? "" : string.Join(",", peer.DnsNames), peer?.Sha256Fingerprint ?? "");
        }
    }

    internal void HandshakeFailed(IPEndPoint remote, Exception ex)
    {
        _metrics.ConnectionsRefused.Add(1);
        _noisyLog.Warn("TLS handshake failed", remote.ToString(), ex.GetBaseException().Message);
    }

    internal void Register(StreamConnection connection)
    {
        _connections[connection.Id] = connection;
        _byRemote[(connection.Kind, connection.Remote)] = connection;
        connection.OnClosed += Unregister;
        _ = connection.RunAsync(_processor!, Options.MaxMessageSize);
        // An outbound connect or an inbound TLS handshake that was in flight during DisposeAsync finishes here after
        // the layer closed its connections: close this one too rather than leave it open and unswept.
        if (_disposed)
            _ = connection.DisposeAsync();
    }

    private void Unregister(StreamConnection connection)
    {
        if (_connections.TryRemove(connection.Id, out _))
            ReleaseConnection(connection.Remote.Address);
        _byRemote.TryRemove(new KeyValuePair<(SipTransportKind, IPEndPoint), StreamConnection>((connection.Kind, connection.Remote), connection));
        _metrics.ConnectionsClosed.Add(1);
        if (connection.ClosedForNotReading)
            _noisyLog.Warn("Closed a connection whose peer does not read its answers", connection.Remote.ToString(), connection.Kind.ViaToken());
    }

    /// <summary>Closes idle connections and those that started a message but never finished it (slow-loris).</summary>
    private void Sweep()
    {
        long now = Time.GetTimestamp();
        foreach (KeyValuePair<long, StreamConnection> entry in _connections)
        {
            StreamConnection c = entry.Value;
            bool idle = Time.GetElapsedTime(c.LastActivity, now) > Options.IdleTimeout;
            bool stalled = c.HasPartial && Time.GetElapsedTime(c.PartialSince, now) > Options.ReadTimeout;
            if (idle || stalled)
            {
                _noisyLog.Warn(stalled ? "Closing connection with an unfinished message" : "Closing idle connection", c.Remote.ToString(), c.Kind.ViaToken());
                _ = c.DisposeAsync();
            }
        }
    }

    private void DisposeListeners()
    {
        foreach (UdpListener u in _udp) u.Dispose();
        foreach (StreamListener s in _streams) s.Dispose();
        _udp.Clear();
        _streams.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _sweep?.Dispose();
        DisposeListeners();
        foreach (KeyValuePair<long, StreamConnection> c in _connections)
            await c.Value.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
    }
}
