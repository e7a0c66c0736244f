using System.Threading.Channels;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

/// <summary>Records every message the transport layer delivers; tests await the next one instead of sleeping.</summary>
internal sealed class RecordingHandler : ISipInboundHandler
{
    private readonly Channel<SipInbound> _received = Channel.CreateUnbounded<SipInbound>();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void OnMessage(SipInbound inbound)
    {
        Interlocked.Increment(ref _count);
        _received.Writer.TryWrite(inbound);
    }

    public async Task<SipInbound> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Skips messages until the one with this Call-ID (garbage that happens to parse may come first).</summary>
    public async Task<SipInbound> NextWithCallIdAsync(string callId)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        while (true)
        {
            SipInbound inbound = await _received.Reader.ReadAsync(timeout.Token);
            if (inbound.Message.CallId == callId)
                return inbound;
        }
    }

    public bool TryTake(out SipInbound? inbound) => _received.Reader.TryRead(out inbound);
}
