namespace Palisade.Store.Cdr;

/// <summary>
/// One spool file. The current segment takes appends; a sealed one only waits until every record it holds is in the
/// database, then is deleted. Counters marked "lock" are changed under the writer's lock (by <see cref="CdrWriter.Write"/>),
/// <see cref="Committed"/> only by the writer's loop.
/// </summary>
internal sealed class CdrSpoolSegment(string path, long number, FileStream? stream)
{
    /// <summary>A segment left by an earlier run: none of its records is in this run's channel, all must be replayed.
    /// Sequence 0 precedes every record of this run, so a flush waits for the replay.</summary>
    public static CdrSpoolSegment Leftover(string path, long number) => new(path, number, null) { FirstUnqueued = 0 };

    public string Path { get; } = path;

    public long Number { get; } = number;

    /// <summary>Open while this is the current segment; null once sealed.</summary>
    public FileStream? Stream { get; set; } = stream;

    /// <summary>Lines written (lock).</summary>
    public int Appended { get; set; }

    /// <summary>Of those, records also put in the channel (lock).</summary>
    public int Queued { get; set; }

    /// <summary>Lowest sequence number of a record in this file but not in the channel (found it full): such records
    /// reach the database only by replaying the file. <see cref="long.MaxValue"/> when there is none (lock).</summary>
    public long FirstUnqueued { get; set; } = long.MaxValue;

    public bool NeedsReplay => FirstUnqueued != long.MaxValue;

    /// <summary>Queued records of this segment committed to the database (loop only).</summary>
    public int Committed { get; set; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Forget the records of a truncated file (all committed).</summary>
    public void Reset()
    {
        Appended = 0;
        Queued = 0;
        Committed = 0;
        FirstUnqueued = long.MaxValue;
    }
}
