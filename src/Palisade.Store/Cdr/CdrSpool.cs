using System.Globalization;
namespace Palisade.Store.Cdr;

/// <summary>
/// The spool directory (<c>data/cdr-spool</c>): append-only JSON-lines files holding every record until it is in the
/// database. All members except <see cref="Read"/> are called under the writer's lock.
/// </summary>
internal sealed class CdrSpool : IDisposable
{
    public const string DirectoryName = "cdr-spool";
    public const string Extension = ".jsonl";
    private const string LockFileName = "writer.lock";
    private const string RejectedDirectoryName = "rejected";

    private readonly FileStream _lock;
    private readonly int _segmentRecords;
    private readonly bool _syncToDisk;
    private long _nextNumber;

    private CdrSpool(string directory, FileStream lockFile, List<CdrSpoolSegment> leftovers, long nextNumber, CdrWriterOptions options)
    {
        DirectoryPath = directory;
        _lock = lockFile;
        Sealed = leftovers;
        _nextNumber = nextNumber;
        _segmentRecords = options.SpoolSegmentRecords;
        _syncToDisk = options.SyncToDisk;
    }

    public string DirectoryPath { get; }

    public CdrSpoolSegment? Current { get; private set; }

    /// <summary>Segments no longer appended to, oldest first, until their records are all in the database.</summary>
    public List<CdrSpoolSegment> Sealed { get; }

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, DirectoryName);

    /// <summary>Takes the directory (one writer per data directory) and lists the segments an earlier run left.</summary>
    public static CdrSpool Open(string dataDirectory, CdrWriterOptions options)
    {
        string dir = PathIn(dataDirectory);
        Directory.CreateDirectory(dir);
        FileStream lockFile;
        try
        {
            // FileShare.None takes an advisory flock on Unix: a second writer (another process, or a second instance
            // in this one) on the same spool would replay and delete files the first is still appending to.
            lockFile = new FileStream(Path.Combine(dir, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"{dir} is in use by another CDR writer (another Palisade process on the same data directory?)", ex);
        }

        var leftovers = new List<CdrSpoolSegment>();
        long next = 1;
        foreach (string file in Directory.EnumerateFiles(dir, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                leftovers.Add(CdrSpoolSegment.Leftover(file, n));
                next = Math.Max(next, n + 1);
            }
        }

        leftovers.Sort((a, b) => a.Number.CompareTo(b.Number));
        return new CdrSpool(dir, lockFile, leftovers, next, options);
    }

    /// <summary>Appends one line to the current segment (started or rolled over as needed) and hands it to the
    /// operating system before returning. Throws on I/O failure, after sealing the segment it may have torn.</summary>
    public CdrSpoolSegment Append(ReadOnlySpan<byte> line)
    {
        if (Current is { } full && full.Appended >= _segmentRecords)
        {
            Seal();
        }

        CdrSpoolSegment segment = Current ??= Create();
        try
        {
            // bufferSize 0 below: this is one write(2) straight to the kernel, so the line survives the process being
            // killed right after Write returns. Only an fsync makes it survive power loss.
            segment.Stream!.Write(line);
            if (_syncToDisk)
            {
                segment.Stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            Seal();
            throw;
        }

        segment.Appended++;
        return segment;
    }

    /// <summary>Stops appending to the current segment; the next append starts a new file.</summary>
    public void Seal()
    {
        if (Current is not { } segment)
        {
            return;
        }

        segment.Stream?.Dispose();
        segment.Stream = null;
        Sealed.Add(segment);
        Current = null;
    }

    /// <summary>Empties the current file when every record in it is committed, so the spool stays small while the
    /// database keeps up. A crash just before this leaves records in both places, which replay ignores.</summary>
    public void TruncateCurrentIfCommitted()
    {
        if (Current is not { Appended: > 0, NeedsReplay: false } segment || segment.Committed != segment.Appended)
        {
            return;
        }

        try
        {
            segment.Stream!.SetLength(0);
            segment.Stream.Position = 0;
            segment.Reset();
        }
        catch (IOException)
        {
            // Cannot truncate in place: seal it instead; a sealed, fully committed segment is simply deleted.
            Seal();
        }
    }

    /// <summary>Removes a sealed segment whose records are all in the database; one with unreadable lines is moved to
    /// <c>rejected/</c> for a person to look at rather than deleted.</summary>
    public void Finish(CdrSpoolSegment segment, bool reject)
    {
        if (reject)
        {
            string rejected = Path.Combine(DirectoryPath, RejectedDirectoryName);
            Directory.CreateDirectory(rejected);
            // Numbers restart once the spool is empty, so a name may already be taken there: never overwrite.
            string target = Path.Combine(rejected, segment.Name);
            for (int n = 1; File.Exists(target); n++)
            {
                target = Path.Combine(rejected, string.Create(CultureInfo.InvariantCulture, $"{segment.Number:D12}-{n}{Extension}"));
            }

            File.Move(segment.Path, target);
        }
        else
        {
            File.Delete(segment.Path);
        }

        Sealed.Remove(segment);
    }

    /// <summary>Reads a sealed segment's records. A final line without its newline is a write torn by a crash (its
    /// Write never returned) and is skipped silently; any other unreadable line is counted in <c>bad</c>.</summary>
    public static List<CdrItem> Read(CdrSpoolSegment segment, out int bad)
    {
        bad = 0;
        var records = new List<CdrItem>();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(segment.Path);
        }
        catch (FileNotFoundException)
        {
            return records;
        }

        ReadOnlySpan<byte> rest = bytes;
        while (true)
        {
            int end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }

            ReadOnlySpan<byte> line = rest[..end];
            rest = rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            if (CdrSpoolLine.Parse(line) is { } record)
            {
                records.Add(new CdrItem(record, segment, 0));
            }
            else
            {
                bad++;
            }
        }

        return records;
    }

    /// <summary>Closes the spool. The current file is deleted when <paramref name="committed"/> says all its records
    /// are in the database; otherwise it stays for the next start to replay.</summary>
    public void Close(bool committed)
    {
        if (Current is { } segment)
        {
            segment.Stream?.Dispose();
            segment.Stream = null;
            if (committed && !segment.NeedsReplay && segment.Committed == segment.Appended)
            {
                File.Delete(segment.Path);
            }

            Current = null;
        }

        _lock.Dispose();
    }

    public void Dispose() => Close(committed: false);

    private CdrSpoolSegment Create()
    {
        long number = _nextNumber++;
        string path = Path.Combine(DirectoryPath, number.ToString("D12", CultureInfo.InvariantCulture) + Extension);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        return new CdrSpoolSegment(path, number, stream);
    }
}
