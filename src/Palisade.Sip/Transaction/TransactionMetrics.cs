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

    public TransactionMetrics(Func<int> active)
    {
        Absorbed = new(_meter, "palisade.sip.transactions.retransmissions.absorbed", "Retransmitted requests, responses and ACKs absorbed by a transaction");
        Retransmitted = new(_meter, "palisade.sip.transactions.retransmissions.sent", "Retransmissions sent by Timers A, E and G");
        Timeouts = new(_meter, "palisade.sip.transactions.timeouts", "Transactions ended by Timer B, F or H or a leak guard");
        TransportErrors = new(_meter, "palisade.sip.transactions.transport_errors", "Transactions ended by a transport error");
        Strays = new(_meter, "palisade.sip.transactions.stray_responses", "Responses that matched no client transaction and were dropped");
        Overloads = new(_meter, "palisade.sip.transactions.overload_refusals", "Requests refused statelessly with 503 because the transaction limit was reached");
        _meter.CreateObservableGauge("palisade.sip.transactions.active", active, description: "Transactions in the layer");
    }

    public CountedCounter Absorbed { get; }
    public CountedCounter Retransmitted { get; }
    public CountedCounter Timeouts { get; }
    public CountedCounter TransportErrors { get; }
    public CountedCounter Strays { get; }
    public CountedCounter Overloads { get; }

    public void Dispose() => _meter.Dispose();
}

/// <summary>A metrics counter that also keeps its own total (readable without a MeterListener).</summary>
internal sealed class CountedCounter(Meter meter, string name, string description)
{
    private readonly Counter<long> _counter = meter.CreateCounter<long>(name, description: description);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add()
    {
        Interlocked.Increment(ref _total);
        _counter.Add(1);
    }
}
