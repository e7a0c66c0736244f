using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Palisade.Sbc.Cdr;

namespace Palisade.Store.Cdr;

/// <summary>
/// Writes call records to <c>palisade.db</c> (SQLite) without ever making a call wait for the database.
/// <para>
/// <see cref="Write"/> appends the record as one JSON line to the spool (<c>data/cdr-spool</c>), handing it to the
/// operating system, and puts it in a bounded channel; a background loop drains the channel in batches, one
/// transaction each, and truncates or deletes spool files once everything in them is committed. So once
/// <see cref="Write"/> has returned, a killed process (SIGKILL included) leaves the record in the database or in the
/// spool, and the next <see cref="Open"/> replays the spool (idempotently: the record id is the primary key).
/// </para>
/// <para>
/// Why the spool append is inside <see cref="Write"/> and not in the batch loop: a record that only sits in the channel
/// dies with the process, so appending in the loop (cheaper: one write per batch) would break the guarantee above.
/// The price is one write(2) of a few hundred bytes per record under a short lock that serialises concurrent callers
/// (about 5–8 µs per record with the JSON serialisation, measured on the 2-core machine), once per finished call,
/// never a wait for the database. That is enough for process death (the kernel has the bytes); power loss or a kernel
/// crash also needs an fsync, paid per record inside the lock with <see cref="CdrWriterOptions.SyncToDisk"/>.
/// </para>
/// <para>
/// When the channel is full (database slow or down) the record is still in the spool and reaches the database by a
/// replay of its spool file. When the database fails, the loop keeps the records in the spool, retries with backoff,
/// logs once per outage and catches up when it is back.
/// </para>
/// <para>
/// Host wiring: <see cref="Open"/> at start-up on the node's data directory, hand the writer to the call engine as its
/// <see cref="ICallRecordSink"/>, and dispose it after the call engine has stopped (a <see cref="Write"/> after
/// disposal throws). Tests and tools wait for the database with <see cref="FlushAsync"/> and read with
/// <see cref="CdrQuery"/>.
/// </para>
/// </summary>
public sealed class CdrWriter : ICallRecordSink, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Channel<CdrItem> _channel;
    private readonly CdrSpool _spool;
    private readonly CdrMetrics _metrics;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly CdrWriterOptions _options;
    private readonly string _databasePath;
    private readonly List<FlushRequest> _flushes = [];
    private readonly Task _loop;
    private TaskCompletionSource _wake = NewSignal();

    // Guarded by _gate.
    private long _sequence;
    private bool _closing;
    private bool _closed;
    private bool _spoolFailing;
    private bool _lossLogged;
    private Task? _disposal;

    // Owned by the loop (and by the constructor before the loop starts).
    private CdrDatabase? _db;
    private int _outageFailures;
    private long _outageStarted;
    private TimeSpan _retryDelay;

    private volatile bool _abandon;
    private volatile bool _stopping;
    private volatile bool _storeAvailable = true;
    private long _stopStarted;

    private CdrWriter(string dataDirectory, CdrSpool spool, ILogger logger, TimeProvider time, CdrWriterOptions options)
    {
        _spool = spool;
        _log = logger;
        _time = time;
        _options = options;
        _retryDelay = options.RetryDelay;
        _databasePath = CdrDatabase.PathIn(dataDirectory);
        _channel = Channel.CreateBounded<CdrItem>(new BoundedChannelOptions(options.ChannelCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // only TryWrite is used: "full" means false, never a wait
        });
        _metrics = new CdrMetrics(() => _channel.Reader.Count);

        if (spool.Sealed.Count > 0)
        {
            _log.LogInformation("CDR spool {Spool}: {Files} file(s) left by an earlier run, replaying them into {Database}",
                spool.DirectoryPath, spool.Sealed.Count, _databasePath);
        }

        // Opened here so a missing or broken database shows in the log at start-up; a failure is not fatal (records
        // are spooled and the loop retries), so the node keeps carrying calls.
        try
        {
            _db = CdrDatabase.Open(_databasePath, options, time);
        }
        catch (Exception ex)
        {
            // Any failure to open is an outage the loop recovers from.
            StoreFailed(ex);
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Where the database lives: <c>palisade.db</c> in the data directory.</summary>
    public string DatabasePath => _databasePath;

    /// <summary>The spool directory (<c>cdr-spool</c> in the data directory).</summary>
    public string SpoolDirectory => _spool.DirectoryPath;

    public CdrWriterState State => new(
        _metrics.Written.Value,
        _metrics.Batches.Value,
        _metrics.SpooledBecauseFull.Value,
        _metrics.StoreErrors.Value,
        _metrics.SpoolErrors.Value,
        _metrics.Lost.Value,
        _channel.Reader.Count,
        _storeAvailable);

    internal CdrMetrics Metrics => _metrics;

    /// <summary>
    /// Starts a writer on <paramref name="dataDirectory"/> (created if missing), creating <c>palisade.db</c> and its
    /// schema if needed and replaying any spool left by an earlier run. Throws when the spool cannot be used (directory
    /// not writable, or another writer holds it) — without a spool no record would be crash-safe. An unavailable
    /// database does not throw: records are spooled until it is back.
    /// </summary>
    public static CdrWriter Open(string dataDirectory, ILogger logger, TimeProvider time, CdrWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new CdrWriterOptions();
        options.Validate();
        Directory.CreateDirectory(dataDirectory);
        CdrSpool spool = CdrSpool.Open(dataDirectory, options);
        return new CdrWriter(dataDirectory, spool, logger, time, options);
    }

    /// <summary>
    /// Records a finished call or attempt. Returns once the record is in the spool (safe from a process kill); never
    /// waits for the database. Throws <see cref="ArgumentException"/> for a record missing a required value (a bug in
    /// the caller: such a record could never be stored) and <see cref="ObjectDisposedException"/> after
    /// <see cref="DisposeAsync"/> has completed; records written while it runs go to the spool.
    /// </summary>
    public void Write(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!CdrRow.IsValid(record))
        {
            throw new ArgumentException(
                $"Call record {record.RecordId ?? "(no id)"} lacks RecordId, CallId, Node, Cause or EndedBy, or has an unknown Kind",
                nameof(record));
        }

        ReadOnlySpan<byte> line = CdrSpoolLine.Serialize(record);
        Exception? spoolError = null;
        bool spoolBack = false;
        bool firstLoss = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            long sequence = ++_sequence;
            CdrSpoolSegment? segment = null;
            try
            {
                segment = _spool.Append(line);
                if (_spoolFailing)
                {
                    _spoolFailing = false;
                    _lossLogged = false;
                    spoolBack = true;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _metrics.SpoolErrors.Add();
                if (!_spoolFailing)
                {
                    _spoolFailing = true;
                    spoolError = ex;
                }
            }

            if (segment is not null)
            {
                segment.Queued++;
            }

            if (!_channel.Writer.TryWrite(new CdrItem(record, segment, sequence)))
            {
                if (segment is not null)
                {
                    // In the file but not in the channel: the loop will replay the file.
                    segment.Queued--;
                    if (!segment.NeedsReplay)
                    {
                        segment.FirstUnqueued = sequence;
                    }

                    if (!_closing)
                    {
                        _metrics.SpooledBecauseFull.Add();
                    }
                }
                else
                {
                    _metrics.Lost.Add();
                    firstLoss = !_lossLogged;
                    _lossLogged = true;
                }
            }
        }

        // Logged outside the lock, once per spool outage.
        if (spoolError is not null)
        {
            _log.LogError(spoolError, "CDR spool {Spool} not writable: call records go to the database from memory only until it is (a crash meanwhile loses them)", _spool.DirectoryPath);
        }

        if (spoolBack)
        {
            _log.LogInformation("CDR spool {Spool} writable again", _spool.DirectoryPath);
        }

        if (firstLoss)
        {
            _log.LogError("Call record {RecordId} lost: the spool is not writable and the channel is full (further losses are counted, not logged)", record.RecordId);
        }
    }

    /// <summary>
    /// Completes when every record written before the call is committed to the database (records written meanwhile
    /// do not delay it). Faults if the writer stops first; those records are then in the spool for the next start.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        FlushRequest request;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            request = new FlushRequest(_sequence);
            _flushes.Add(request);
        }

        Wake();
        return request.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the writer: drains the channel and the spool into the database and returns when everything is committed
    /// (a graceful stop loses nothing). If the database stays unavailable for <see cref="CdrWriterOptions.StopTimeout"/>
    /// it returns anyway, leaving the rest in the spool for the next start.
    /// </summary>
    public ValueTask DisposeAsync() => new(Stop(abandon: false));

    /// <summary>
    /// Test hook standing in for a crash: stops the loop at whatever point it is, commits nothing more and cleans
    /// nothing up (spool files stay as they are), then releases the files so another writer can open the directory.
    /// </summary>
    internal Task AbandonAsync() => Stop(abandon: true);

    private Task Stop(bool abandon)
    {
        lock (_gate)
        {
            if (_disposal is null)
            {
                _abandon = abandon;
                Volatile.Write(ref _stopStarted, _time.GetTimestamp());
                _stopping = true;
                _closing = true;
                _channel.Writer.TryComplete();
                _disposal = FinishStopAsync(abandon);
            }

            return _disposal;
        }
    }

    private async Task FinishStopAsync(bool abandon)
    {
        // Leave Stop's lock before waiting for the loop (which takes it).
        await Task.Yield();
        Wake();
        await _loop.ConfigureAwait(false);

        bool drained;
        int files;
        lock (_gate)
        {
            _closed = true;
            drained = !abandon && IsDrained();
            files = _spool.Sealed.Count + (_spool.Current is null ? 0 : 1);
            foreach (FlushRequest f in _flushes)
            {
                // Not drained: which records are missing is not worth working out (a batch may have been in flight).
                if (drained)
                {
                    f.Done.TrySetResult();
                }
                else
                {
                    f.Done.TrySetException(new InvalidOperationException(
                        "The CDR writer stopped before these records reached the database; they are in the spool and are written at the next start"));
                }
            }

            _flushes.Clear();
            _spool.Close(committed: drained);
        }

        _db?.Dispose();
        _db = null;
        if (!abandon && !drained)
        {
            _log.LogWarning("CDR writer stopped with records not yet in {Database}: they stay in {Files} spool file(s) in {Spool} and are written at the next start",
                _databasePath, files, _spool.DirectoryPath);
        }

        _metrics.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<CdrItem>(Math.Min(_options.BatchSize, 4096));
        while (!_abandon)
        {
            bool ok;
            try
            {
                ResetWake();
                ok = ProcessSpool();
                if (ok && batch.Count == 0)
                {
                    CompleteFlushes(batch);
                    if (_stopping && IsDrainedLocked())
                    {
                        break;
                    }

                    await FillBatchAsync(batch).ConfigureAwait(false);
                    if (_abandon)
                    {
                        break;
                    }
                }

                if (ok && batch.Count > 0)
                {
                    Commit(batch);
                }
            }
            catch (Exception ex)
            {
                // The loop must survive anything: an exception is a failed attempt, retried with backoff.
                StoreFailed(ex);
                ok = false;
            }

            if (!ok)
            {
                if (_stopping && _time.GetElapsedTime(Volatile.Read(ref _stopStarted)) >= _options.StopTimeout)
                {
                    break;
                }

                await BackoffAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Housekeeping of the spool: truncates the current file once all of it is committed, replays files
    /// holding records that bypassed the channel, deletes files whose records are all in the database.</summary>
    /// <returns>False when the database failed (already counted and logged).</returns>
    private bool ProcessSpool()
    {
        CdrSpoolSegment[] ready;
        lock (_gate)
        {
            if (_spool.Current is { NeedsReplay: true } current && current.Committed >= current.Queued)
            {
                // Records of the current file that found the channel full: seal it so it can be replayed unchanged.
                _spool.Seal();
            }
            else
            {
                _spool.TruncateCurrentIfCommitted();
            }

            if (_spool.Sealed.Count == 0)
            {
                return true;
            }

            // A sealed file is ready once every record of it that went through the channel is committed.
            ready = [.. _spool.Sealed.Where(s => s.Committed >= s.Queued)];
        }

        foreach (CdrSpoolSegment segment in ready)
        {
            int bad = 0;
            if (segment.NeedsReplay)
            {
                List<CdrItem> records = CdrSpool.Read(segment, out bad);
                try
                {
                    _db ??= CdrDatabase.Open(_databasePath, _options, _time);
                    _metrics.Written.Add(_db.Insert(CollectionsMarshal.AsSpan(records)));
                    _metrics.Batches.Add();
                }
                catch (Exception ex)
                {
                    // A failed replay is a store outage: keep the file, retry later.
                    StoreFailed(ex);
                    return false;
                }

                StoreRecovered();
                if (bad > 0)
                {
                    _log.LogWarning("CDR spool file {File}: {Bad} unreadable line(s) skipped; the file is kept in {Spool}/rejected",
                        segment.Name, bad, _spool.DirectoryPath);
                }
            }

            lock (_gate)
            {
                _spool.Finish(segment, reject: bad > 0);
            }
        }

        return true;
    }

    private async Task FillBatchAsync(List<CdrItem> batch)
    {
        ChannelReader<CdrItem> reader = _channel.Reader;
        Task wake = Volatile.Read(ref _wake).Task;
        CdrItem item;
        while (!reader.TryRead(out item))
        {
            if (reader.Completion.IsCompleted || wake.IsCompleted)
            {
                return;
            }

            await WaitForItemsAsync(reader, wake, null).ConfigureAwait(false);
        }

        batch.Add(item);
        long started = _time.GetTimestamp();
        while (batch.Count < _options.BatchSize)
        {
            if (reader.TryRead(out item))
            {
                batch.Add(item);
                continue;
            }

            // A flush or a stop wants the records now, not after the batch delay.
            if (wake.IsCompleted || reader.Completion.IsCompleted || _stopping)
            {
                return;
            }

            TimeSpan left = _options.BatchDelay - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await WaitForItemsAsync(reader, wake, left).ConfigureAwait(false);
        }
    }

    private async Task WaitForItemsAsync(ChannelReader<CdrItem> reader, Task wake, TimeSpan? timeout)
    {
        using var cancel = new CancellationTokenSource();
        Task ready = reader.WaitToReadAsync(cancel.Token).AsTask();
        if (timeout is { } t)
        {
            await Task.WhenAny(ready, wake, Task.Delay(t, _time, cancel.Token)).ConfigureAwait(false);
        }
        else
        {
            await Task.WhenAny(ready, wake).ConfigureAwait(false);
        }

        // Releases the channel waiter and the timer that did not fire.
        await cancel.CancelAsync().ConfigureAwait(false);
    }

    private void Commit(List<CdrItem> batch)
    {
        _db ??= CdrDatabase.Open(_databasePath, _options, _time);
        int inserted = _db.Insert(CollectionsMarshal.AsSpan(batch));
        foreach (CdrItem item in batch)
        {
            if (item.Segment is { } segment)
            {
                segment.Committed++;
            }
        }

        _metrics.Written.Add(inserted);
        _metrics.Batches.Add();
        batch.Clear();
        StoreRecovered();
    }

    private async Task BackoffAsync()
    {
        TimeSpan delay = _retryDelay;
        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        if (_stopping)
        {
            TimeSpan left = _options.StopTimeout - _time.GetElapsedTime(Volatile.Read(ref _stopStarted));
            delay = left < delay ? left : delay;
        }

        if (delay > TimeSpan.Zero)
        {
            // A stop or a flush cuts the wait short (one immediate retry).
            await Task.WhenAny(Task.Delay(delay, _time), Volatile.Read(ref _wake).Task).ConfigureAwait(false);
        }
    }

    private void StoreFailed(Exception ex)
    {
        _metrics.StoreErrors.Add();
        _storeAvailable = false;
        _db?.Dispose();
        _db = null;
        if (_outageFailures++ == 0)
        {
            _outageStarted = _time.GetTimestamp();
            _log.LogError(ex, "CDR database {Database} unavailable: call records are kept in the spool {Spool} and written when it is back (retrying with backoff, not logged again until then)",
                _databasePath, _spool.DirectoryPath);
        }
    }

    private void StoreRecovered()
    {
        if (_outageFailures > 0)
        {
            _log.LogInformation("CDR database {Database} available again after {Duration} and {Failures} failed attempt(s); catching up from the spool",
                _databasePath, _time.GetElapsedTime(_outageStarted), _outageFailures);
            _outageFailures = 0;
        }

        _retryDelay = _options.RetryDelay;
        _storeAvailable = true;
    }

    /// <summary>Completes the flushes whose records are all committed.</summary>
    private void CompleteFlushes(List<CdrItem> batch)
    {
        lock (_gate)
        {
            if (_flushes.Count == 0)
            {
                return;
            }

            long pending = LowestPendingSequence(batch);
            _flushes.RemoveAll(f =>
            {
                bool done = f.Target < pending;
                if (done)
                {
                    f.Done.TrySetResult();
                }

                return done;
            });
        }
    }

    /// <summary>The lowest sequence number of a record not yet in the database (under the lock). The channel is FIFO
    /// in sequence order (records enter it under the lock), so its head stands for everything behind it; records that
    /// bypassed it are accounted for by their spool file until it is replayed.</summary>
    private long LowestPendingSequence(List<CdrItem> batch)
    {
        long low = long.MaxValue;
        if (batch.Count > 0)
        {
            low = batch[0].Sequence;
        }
        else if (_channel.Reader.TryPeek(out CdrItem next))
        {
            low = next.Sequence;
        }

        foreach (CdrSpoolSegment s in _spool.Sealed)
        {
            low = Math.Min(low, s.FirstUnqueued);
        }

        if (_spool.Current is { } current)
        {
            low = Math.Min(low, current.FirstUnqueued);
        }

        return low;
    }

    private bool IsDrainedLocked()
    {
        lock (_gate)
        {
            return IsDrained();
        }
    }

    /// <summary>Nothing left to write: the channel is closed and empty, every spool record is committed (under the lock).</summary>
    private bool IsDrained()
    {
        if (!_channel.Reader.Completion.IsCompleted || _spool.Sealed.Count > 0)
        {
            return false;
        }

        return _spool.Current is not { } c || (!c.NeedsReplay && c.Committed == c.Appended);
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Re-arms the wake signal at the top of each loop turn, before the loop looks at flushes and the stop
    /// flag: a signal raised after that look completes the new one, so no wake-up is lost.</summary>
    private void ResetWake()
    {
        if (Volatile.Read(ref _wake).Task.IsCompleted)
        {
            Volatile.Write(ref _wake, NewSignal());
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class FlushRequest(long target)
    {
        public long Target { get; } = target;

        public TaskCompletionSource Done { get; } = NewSignal();
    }
}
