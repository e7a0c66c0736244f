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
        // No spinning before blocking: SemaphoreSlim spins with sched_yield on every idle moment, which measured a
        // third of a shard's CPU at moderate call rates and is taken from the receive thread and the peers on 2 cores.
        private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
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
            _queue.Enqueue(inbound); // an interlocked operation: the read below cannot move before it
            // Wake the worker only when it said it sleeps: a busy shard costs no kernel call per message.
            if (Volatile.Read(ref _sleeping) == 1)
                _signal.Set();
        }

        public void Stop()
        {
            _stopping = true;
            _signal.Set();
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
                _signal.Reset();
                Interlocked.Exchange(ref _sleeping, 1); // a full fence: the emptiness check below sees every earlier post
                if (_queue.IsEmpty && !_stopping)
                    _signal.Wait(); // a post after the check sees the flag and sets the event
                Volatile.Write(ref _sleeping, 0);
            }
        }
    }
}
