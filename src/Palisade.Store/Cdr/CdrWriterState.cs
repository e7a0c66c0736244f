namespace Palisade.Store.Cdr;

/// <summary>A snapshot of a <see cref="CdrWriter"/>'s counters (the same totals its metrics report).</summary>
/// <param name="RecordsWritten">Rows inserted into the database (a replayed record already present is not counted).</param>
/// <param name="Batches">Transactions committed.</param>
/// <param name="SpooledBecauseFull">Records that found the channel full and went to the database through the spool.</param>
/// <param name="StoreErrors">Failed attempts to open or write the database.</param>
/// <param name="SpoolErrors">Records that could not be appended to the spool file (disk full, I/O error).</param>
/// <param name="Lost">Records neither spooled nor queued (spool failing while the channel was full): the only loss.</param>
/// <param name="QueueLength">Records waiting in the channel.</param>
/// <param name="StoreAvailable">False while the database is failing (records are kept in the spool).</param>
public readonly record struct CdrWriterState(
    long RecordsWritten,
    long Batches,
    long SpooledBecauseFull,
    long StoreErrors,
    long SpoolErrors,
    long Lost,
    int QueueLength,
    bool StoreAvailable);
