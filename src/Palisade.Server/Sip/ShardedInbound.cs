using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Server.Sip;

/// <summary>
/// Hands each parsed message to the shard of its Call-ID (DESIGN.md §2): one worker thread per shard runs the
/// transaction layer and the call engine, so a call's messages — both legs share a shard, see
/// <see cref="CallIdShards"/> — are processed in the order they arrived, and calls on different shards run on
/// different cores. Receive threads only frame and parse.
/// </summary>
internal sealed class ShardedInbound : ISipInboundHandler, IDisposable
{
    private readonly Shard[] _shards;

    public ShardedInbound(TransactionLayer transactions, int shards, ILogger logger)
    {
        _shards = new Shard[Math.Max(1, shards)];
        for (int i = 0; i < _shards.Length; i++)
            _shards[i] = new Shard(transactions, logger, i);
    }

    public int Count => _shards.Length;

    public void OnMessage(SipInbound inbound) =>
        _shards[CallIdShards.Of(inbound.Message.CallId, _shards.Length)].Post(inbound);

    public void Dispose()
    {
        foreach (Shard s in _shards)
            s.Stop();
    }

    private sealed class Shard
    {
        private readonly ConcurrentQueue<SipInbound> _queue = new();
        private readonly SemaphoreSlim _signal = new(0);
        private readonly TransactionLayer _transactions;
        private readonly ILogger _logger;
        private readonly Thread _thread;
        private int _sleeping;
        private volatile bool _stopping;

        public Shard(TransactionLayer transactions, ILogger logger, int index)
        {
            _transactions = transactions;
            _logger = logger;
            _thread = new Thread(Run) { IsBackground = true, Name = "sip-shard-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            _thread.Start();
        }

        public void Post(SipInbound inbound)
        {
            _queue.Enqueue(inbound);
            // Wake the worker only when it said it sleeps: a busy shard takes no semaphore round trip per message.
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                _signal.Release();
        }

        public void Stop()
        {
            _stopping = true;
            _signal.Release();
            if (Thread.CurrentThread != _thread)
                _thread.Join(TimeSpan.FromSeconds(2));
        }

        private void Run()
        {
            while (!_stopping)
            {
                while (_queue.TryDequeue(out SipInbound? inbound))
                {
                    try
                    {
                        _transactions.ProcessInbound(inbound);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        _logger.LogError(ex, "processing {CallId} failed", inbound.Message.CallId);
                    }
                }
                Volatile.Write(ref _sleeping, 1);
                if (!_queue.IsEmpty && Interlocked.Exchange(ref _sleeping, 0) == 1)
                    continue; // work arrived between the drain and the flag: go on without sleeping
                // Either nothing is queued, or a poster cleared the flag and owes (or gave) a release: wait for it.
                _signal.Wait();
            }
        }
    }
}
