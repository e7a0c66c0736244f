namespace Palisade.Store.Cdr;

/// <summary>Tuning of <see cref="CdrWriter"/>; the defaults suit a node ending a few hundred calls per second.</summary>
public sealed record CdrWriterOptions
{
    /// <summary>Records held in memory on their way to the database. A record that finds it full is not lost: it is
    /// already in the spool file, and the writer inserts it from there.</summary>
    public int ChannelCapacity { get; init; } = 65_536;

    /// <summary>Most records inserted in one transaction.</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>Longest a record waits for others to share its transaction (a batch goes when full or this late).</summary>
    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Records per spool file before a new one is started; a file is deleted once all it holds is committed.</summary>
    public int SpoolSegmentRecords { get; init; } = 10_000;

    /// <summary>First wait before retrying an unavailable database; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one insert waits for a database locked by another connection before counting as a failure
    /// (whole seconds: Microsoft.Data.Sqlite's command timeout).</summary>
    public int BusyTimeoutSeconds { get; init; } = 5;

    /// <summary>How long <see cref="CdrWriter.DisposeAsync"/> keeps retrying an unavailable database before it gives
    /// up and leaves the remaining records in the spool (written at the next start).</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// False (default): each record reaches the operating system before <see cref="CdrWriter.Write"/> returns and the
    /// database commits with <c>synchronous=NORMAL</c> — nothing is lost when the process dies (crash, SIGKILL, OOM
    /// kill), but the last records may be lost on power loss or a kernel crash. True: the spool is fsynced per record
    /// and the database commits with <c>synchronous=FULL</c>, which survives power loss at the cost of a disk flush
    /// (milliseconds on many disks) inside every <see cref="CdrWriter.Write"/>.
    /// </summary>
    public bool SyncToDisk { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Require(ChannelCapacity >= 1, nameof(ChannelCapacity), "must be at least 1");
        Require(BatchSize >= 1, nameof(BatchSize), "must be at least 1");
        Require(BatchDelay >= TimeSpan.Zero, nameof(BatchDelay), "must not be negative");
        Require(SpoolSegmentRecords >= 1, nameof(SpoolSegmentRecords), "must be at least 1");
        Require(RetryDelay > TimeSpan.Zero, nameof(RetryDelay), "must be positive");
        Require(MaxRetryDelay >= RetryDelay, nameof(MaxRetryDelay), "must be at least RetryDelay");
        Require(BusyTimeoutSeconds >= 1, nameof(BusyTimeoutSeconds), "must be at least 1 (0 would wait forever)");
        Require(StopTimeout >= TimeSpan.Zero, nameof(StopTimeout), "must not be negative");
    }

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"CDR writer option {name} {rule}", name);
        }
    }
}
