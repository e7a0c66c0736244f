using System.Diagnostics.Metrics;

namespace Palisade.Sip.Transaction;

/// <summary>
/// Counters of the transaction layer (System.Diagnostics.Metrics, meter "Palisade.Sip", exported by the server), also
/// kept as plain totals so tests and the status API can read them without a listener.
/// </summary>
internal sealed class TransactionMetrics : IDisposable
{
    public const string MeterName = "Palisade.Sip";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _absorbed;
    private readonly Counter<long> _retransmitted;
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _transportErrors;
    private readonly Counter<long> _strays;
    private readonly Counter<long> _overloaded;
    private long _overloadTotal;
    private long _absorbedTotal;
    private long _retransmittedTotal;
    private long _timeoutTotal;
    private long _transportErrorTotal;
    private long _strayTotal;

    public TransactionMetrics(Func<int> active)
    {
        _absorbed = _meter.CreateCounter<long>("palisade.sip.transactions.retransmissions.absorbed", description: "Retransmitted requests, responses and ACKs absorbed by a transaction");
        _retransmitted = _meter.CreateCounter<long>("palisade.sip.transactions.retransmissions.sent", description: "Retransmissions sent by Timers A, E and G");
        _timeouts = _meter.CreateCounter<long>("palisade.sip.transactions.timeouts", description: "Transactions ended by Timer B, F or H or a leak guard");
        _transportErrors = _meter.CreateCounter<long>("palisade.sip.transactions.transport_errors", description: "Transactions ended by a transport error");
        _strays = _meter.CreateCounter<long>("palisade.sip.transactions.stray_responses", description: "Responses that matched no client transaction and were dropped");
        _overloaded = _meter.CreateCounter<long>("palisade.sip.transactions.overload_refusals", description: "Requests refused statelessly with 503 because the transaction limit was reached");
        _meter.CreateObservableGauge("palisade.sip.transactions.active", active, description: "Transactions in the layer");
    }

    public long AbsorbedTotal => Interlocked.Read(ref _absorbedTotal);
    public long RetransmittedTotal => Interlocked.Read(ref _retransmittedTotal);
    public long TimeoutTotal => Interlocked.Read(ref _timeoutTotal);
    public long TransportErrorTotal => Interlocked.Read(ref _transportErrorTotal);
    public long StrayTotal => Interlocked.Read(ref _strayTotal);
    public long OverloadTotal => Interlocked.Read(ref _overloadTotal);

    public void Absorbed()
    {
        Interlocked.Increment(ref _absorbedTotal);
        _absorbed.Add(1);
    }

    public void Retransmitted()
    {
        Interlocked.Increment(ref _retransmittedTotal);
        _retransmitted.Add(1);
    }

    public void Timeout()
    {
        Interlocked.Increment(ref _timeoutTotal);
        _timeouts.Add(1);
    }

    public void TransportError()
    {
        Interlocked.Increment(ref _transportErrorTotal);
        _transportErrors.Add(1);
    }

    public void Stray()
    {
        Interlocked.Increment(ref _strayTotal);
        _strays.Add(1);
    }

    public void Overloaded()
    {
        Interlocked.Increment(ref _overloadTotal);
        _overloaded.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
