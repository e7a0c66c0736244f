using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Palisade.Sip.Message;

namespace Palisade.Sip.Transport;

/// <summary>
/// One TCP or TLS connection: a read loop that frames messages out of a <see cref="PipeReader"/>, and serialised
/// writes. Framing errors and size violations close this connection only (RFC 3261 §18.3).
/// </summary>
internal sealed class StreamConnection : IAsyncDisposable
{
    private static long s_nextId;

    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeProvider _time;
    private int _disposed;
    private bool _partial;

    public StreamConnection(SipTransportKind kind, Stream stream, IPEndPoint remote, IPEndPoint local, string listenerName, string? hostName, TimeProvider time)
    {
        Id = Interlocked.Increment(ref s_nextId);
        Kind = kind;
        _stream = stream;
        Remote = remote;
        Local = local;
        ListenerName = listenerName;
        HostName = hostName;
        _time = time;
        // leaveOpen: the read loop completes the reader when it ends, but only DisposeAsync closes the stream, after the
        // last response (a 400 or 513 before a close) has been written; completing the reader must not cut it off.
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        LastActivity = time.GetTimestamp();
    }

    public long Id { get; }
    public SipTransportKind Kind { get; }
    public IPEndPoint Remote { get; }
    public IPEndPoint Local { get; }
    public string ListenerName { get; }
    public string? HostName { get; }

    /// <summary>The validated certificate of a TLS peer (null on TCP or when the peer sent none).</summary>
    public Tls.TlsPeerIdentity? TlsPeer { get; init; }

    /// <summary>Timestamp of the last byte received or sent (for the idle timeout).</summary>
    public long LastActivity { get; private set; }

    /// <summary>Timestamp since which a message has been partly received (for the read timeout); see <see cref="HasPartial"/>.</summary>
    public long PartialSince { get; private set; }

    /// <summary>
    /// Whether a message has been partly received. A flag, not PartialSince == 0: a TimeProvider's timestamp may be 0
    /// (a fake clock at its start does), and a half message received then was never timed out (slow-loris).
    /// </summary>
    public bool HasPartial => Volatile.Read(ref _partial);

    public CancellationToken Closed => _closed.Token;

    public SipDestination AsDestination => new(Kind, Remote, Id, HostName);

    /// <summary>Reads until the peer closes, an error occurs or the connection is disposed.</summary>
    public async Task RunAsync(InboundProcessor processor, int maxMessageSize)
    {
        SipDestination source = AsDestination;
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                ReadResult result = await _reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                LastActivity = _time.GetTimestamp();
                bool close = ProcessBuffer(ref buffer, processor, source, maxMessageSize);
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (close || result.IsCompleted || result.IsCanceled)
                    break;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
            // Only this loop uses the reader, so only it completes it: completing it from DisposeAsync (the sweep's
            // thread) returned the pipe's buffers while ProcessBuffer could still be framing or parsing them.
            await _reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <returns>True when the connection must be closed.</returns>
    private bool ProcessBuffer(ref ReadOnlySequence<byte> buffer, InboundProcessor processor, SipDestination source, int maxMessageSize)
    {
        while (!buffer.IsEmpty)
        {
            // A peer that trickles a message must not make every read re-scan (and, across pipe segments, re-copy)
            // everything received so far: that is quadratic in the message size. Skip framing until the known total
            // length is there, or look for the end of the header block only in the bytes that are new.
            if ((_needAtLeast > 0 && buffer.Length < _needAtLeast)
                || (_scannedWithoutHeaderEnd > 0 && buffer.Length < maxMessageSize && !HeaderEndIn(buffer, _scannedWithoutHeaderEnd - 3)))
            {
                if (_scannedWithoutHeaderEnd > 0)
                    _scannedWithoutHeaderEnd = buffer.Length;
                MarkPartial();
                return false;
            }
            _needAtLeast = 0;
            _scannedWithoutHeaderEnd = 0;
            FrameStatus status = SipFramer.FrameStream(buffer, maxMessageSize, out int length, out string? error);
            switch (status)
            {
                case FrameStatus.KeepAlive:
                    // RFC 5626 §3.5.1 (and §4.4.1): a double-CRLF ping is answered with a single-CRLF pong. A ping
                    // can arrive split across reads ("\r\n" then "\r\n", or "\r\n\r" then "\n"): CR/LF bytes that end
                    // the buffer short of a ping are kept until more arrives, instead of being skipped so that the
                    // second half never completes a ping and the peer's keep-alive fails. They do not count as a
                    // partial message (a lone CRLF is also a legitimate keep-alive).
                    if (length < 4 && length == buffer.Length)
                        return false;
                    if (length >= 4)
                        _ = SendAsync(Pong);
                    buffer = buffer.Slice(length);
                    continue;
                case FrameStatus.Complete:
                {
                    ReadOnlySequence<byte> frame = buffer.Slice(0, length);
                    if (frame.IsSingleSegment)
                    {
                        processor.Process(frame.FirstSpan, source, ListenerName, datagram: false, TlsPeer);
                    }
                    else
                    {
                        byte[] copy = ArrayPool<byte>.Shared.Rent(length);
                        try
                        {
                            frame.CopyTo(copy);
                            processor.Process(copy.AsSpan(0, length), source, ListenerName, datagram: false, TlsPeer);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(copy);
                        }
                    }
                    buffer = buffer.Slice(length);
                    Volatile.Write(ref _partial, false);
                    continue;
                }
                case FrameStatus.NeedMore:
                    if (length > 0)
                        _needAtLeast = length;
                    else
                        _scannedWithoutHeaderEnd = buffer.Length;
                    MarkPartial();
                    return false;
                case FrameStatus.TooLarge:
                    processor.TooLarge(Prefix(buffer, maxMessageSize), source);
                    return true;
                default:
                    processor.FramingError(Prefix(buffer, maxMessageSize), source, error ?? "framing error");
                    return true;
            }
        }
        Volatile.Write(ref _partial, false);
        return false;
    }

    /// <summary>The RFC 5626 §3.5.1 pong; one shared, read-only buffer rather than an array per keep-alive.</summary>
    private static readonly ReadOnlyMemory<byte> Pong = "\r\n"u8.ToArray();

    private long _needAtLeast;
    private long _scannedWithoutHeaderEnd;

    private void MarkPartial()
    {
        if (!_partial)
        {
            PartialSince = _time.GetTimestamp();
            Volatile.Write(ref _partial, true);
        }
    }

    /// <summary>True when the header block's empty line ("\n\r\n" or "\n\n") is at or after <paramref name="from"/>.</summary>
    private static bool HeaderEndIn(in ReadOnlySequence<byte> buffer, long from)
    {
        ReadOnlySequence<byte> tail = buffer.Slice(Math.Max(0, from));
        var crlf = new SequenceReader<byte>(tail);
        if (crlf.TryReadTo(out ReadOnlySequence<byte> _, "\n\r\n"u8, advancePastDelimiter: false))
            return true;
        var lf = new SequenceReader<byte>(tail);
        return lf.TryReadTo(out ReadOnlySequence<byte> _, "\n\n"u8, advancePastDelimiter: false);
    }

    private static byte[] Prefix(ReadOnlySequence<byte> buffer, int max) => buffer.Slice(0, Math.Min(buffer.Length, max)).ToArray();

    /// <summary>
    /// Writes waiting behind a full socket send buffer beyond which the peer is judged not to read its connection.
    /// A healthy peer drains the buffer in milliseconds; one that pipelines requests and never reads would otherwise
    /// make the node hold one pending answer per request without limit (hundreds of MB in seconds, found by the
    /// hostile-input tests), so such a connection is closed, which also stops reading its requests.
    /// </summary>
    internal const int MaxPendingWrites = 256;

    private int _pendingWrites;

    /// <summary>Set when the connection was closed because its peer stopped reading (for the log and tests).</summary>
    public bool ClosedForNotReading { get; private set; }

    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message)
    {
        if (_closed.IsCancellationRequested)
            return false;
        if (Interlocked.Increment(ref _pendingWrites) > MaxPendingWrites)
        {
            Interlocked.Decrement(ref _pendingWrites);
            ClosedForNotReading = true;
            _ = DisposeAsync();
            return false;
        }
        bool entered = false;
        try
        {
            await _writeLock.WaitAsync(_closed.Token).ConfigureAwait(false);
            entered = true;
            await _stream.WriteAsync(message, _closed.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_closed.Token).ConfigureAwait(false);
            LastActivity = _time.GetTimestamp();
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _ = DisposeAsync();
            return false;
        }
        finally
        {
            if (entered)
                _writeLock.Release();
            Interlocked.Decrement(ref _pendingWrites);
        }
    }

    public event Action<StreamConnection>? OnClosed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // Let a final response already being written (e.g. the 400 before a framing close) reach the peer.
        bool drained = await _writeLock.WaitAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        await _closed.CancelAsync().ConfigureAwait(false);
        if (drained)
            _writeLock.Release();
        // Closing the stream ends a pending read; the read loop then completes the reader itself (see RunAsync).
        await _stream.DisposeAsync().ConfigureAwait(false);
        OnClosed?.Invoke(this);
    }
}
