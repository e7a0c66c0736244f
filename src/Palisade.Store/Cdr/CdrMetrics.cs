using System.Diagnostics.Metrics;

namespace Palisade.Store.Cdr;

/// <summary>
/// Counters of the CDR writer (System.Diagnostics.Metrics, meter "Palisade.Store"), also kept as plain totals so tests
/// and the status API read them without a listener.
/// </summary>
internal sealed class CdrMetrics : IDisposable
{
    public const string MeterName = "Palisade.Store";

    public CdrMetrics(Func<int> queueLength)
    {
        Meter = new Meter(MeterName);
        Written = new(Meter, "palisade.cdr.written", "{record}", "Call records inserted into the database");
        Batches = new(Meter, "palisade.cdr.batches", "{batch}", "Transactions of call records committed");
        SpooledBecauseFull = new(Meter, "palisade.cdr.spooled_full", "{record}", "Call records that found the channel full and reached the database through the spool");
        StoreErrors = new(Meter, "palisade.cdr.store_errors", "{error}", "Failed attempts to open or write the CDR database");
        SpoolErrors = new(Meter, "palisade.cdr.spool_errors", "{record}", "Call records that could not be appended to the spool file");
        Lost = new(Meter, "palisade.cdr.lost", "{record}", "Call records neither spooled nor queued");
        Meter.CreateObservableGauge("palisade.cdr.queue_length", queueLength, "{record}", "Call records waiting in the channel");
    }

    /// <summary>Exposed so tests can listen to this writer's instruments only.</summary>
    public Meter Meter { get; }

    public Total Written { get; }
    public Total Batches { get; }
    public Total SpooledBecauseFull { get; }
    public Total StoreErrors { get; }
    public Total SpoolErrors { get; }
    public Total Lost { get; }

    public void Dispose() => Meter.Dispose();

    /// <summary>A counter that also keeps its own total.</summary>
    internal sealed class Total(Meter meter, string name, string unit, string description)
    {
        private readonly Counter<long> _counter = meter.CreateCounter<long>(name, unit, description);
        private long _total;

        public long Value => Interlocked.Read(ref _total);

        public void Add(long n = 1)
        {
            Interlocked.Add(ref _total, n);
            _counter.Add(n);
        }
    }
}
