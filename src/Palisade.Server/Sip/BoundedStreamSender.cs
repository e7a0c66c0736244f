using System.Collections.Concurrent;
using Palisade.Sip.Transport;

namespace Palisade.Server.Sip;

/// <summary>
/// Bounds the messages waiting to be written to one stream connection. Stream sends are fire-and-forget for the
/// transaction layer, and a connection's read loop keeps reading while its writes wait; so a peer that pipelines
/// requests and never reads the answers (its receive window closed) made the node queue one pending write per answer
/// without limit — about 3 KB each, hundreds of MB in seconds from one connection. Past
/// <see cref="DefaultMaxPendingPerConnection"/> waiting writes a send fails at once: the answer is dropped as a full
/// UDP socket would drop it, and the transaction ends with a transport error (RFC 3261 §17.2.4).
/// </summary>
internal sealed class BoundedStreamSender(ISipSender inner, int maxPendingPerConnection = BoundedStreamSender.DefaultMaxPendingPerConnection) : ISipSender
{
    /// <summary>
    /// Writes wait only while the kernel's send buffer to the peer is full; a healthy peer drains it in milliseconds,
    /// so this many answers queued behind a full buffer means the peer is not reading.
    /// </summary>
    public const int DefaultMaxPendingPerConnection = 256;

    private readonly ConcurrentDictionary<long, int> _pending = new();

    public int PendingConnections => _pending.Count;

    public ValueTask<bool> SendAsync(SipDestination destination, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        // Datagrams never wait; a stream send without a pinned connection opens or finds one (bounded by the
        // transport's connection limits), so only sends pinned to an existing connection are counted.
        if (destination.Transport == SipTransportKind.Udp || destination.ConnectionId == 0)
            return inner.SendAsync(destination, message, cancellationToken);

        long id = destination.ConnectionId;
        if (_pending.AddOrUpdate(id, 1, static (_, n) => n + 1) > maxPendingPerConnection)
        {
            Release(id);
            return ValueTask.FromResult(false);
        }
        ValueTask<bool> send;
        try
        {
            send = inner.SendAsync(destination, message, cancellationToken);
        }
        catch
        {
            Release(id);
            throw;
        }
        if (send.IsCompleted)
        {
            Release(id);
            return send;
        }
        return AwaitAndRelease(send, id);
    }

    private async ValueTask<bool> AwaitAndRelease(ValueTask<bool> send, long id)
    {
        try
        {
            return await send.ConfigureAwait(false);
        }
        finally
        {
            Release(id);
        }
    }

    private void Release(long id)
    {
        // Remove the entry at zero so the table holds only connections with writes in flight.
        while (_pending.TryGetValue(id, out int n))
        {
            if (n <= 1 ? _pending.TryRemove(new KeyValuePair<long, int>(id, n)) : _pending.TryUpdate(id, n - 1, n))
                break;
        }
    }
}
