using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Store.Tests.Cdr;

public sealed class CdrReplayTests
{
    [Fact]
    public async Task Records_of_a_crashed_writer_are_replayed_by_the_next_one_exactly_once()
    {
        using var dir = new TempDirectory();
        // A batch waits up to 30 s: some records are committed (full batches), the rest only in the spool.
        CdrWriter crashed = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System,
            new CdrWriterOptions { BatchSize = 700, BatchDelay = TimeSpan.FromSeconds(30), SpoolSegmentRecords = 1_000 });
        foreach (CallRecord r in TestRecords.Calls(5_000))
        {
            crashed.Write(r);
        }

        await crashed.AbandonAsync();
        Assert.True(TestRecords.SpoolLines(dir.Path) > 0, "the crash must leave records in the spool");
        Assert.True(TestRecords.Count(dir.Path) < 5_000, "the crash must leave records out of the database");

        var log = new ListLogger();
        await using (CdrWriter next = CdrWriter.Open(dir.Path, log, TimeProvider.System, TestRecords.Fast))
        {
            await next.FlushAsync();
            Assert.Empty(TestRecords.SpoolFiles(dir.Path));
        }

        Assert.Equal(5_000, TestRecords.Count(dir.Path));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("left by an earlier run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spool_lines_written_without_any_database_are_replayed_and_a_torn_last_line_is_skipped()
    {
        using var dir = new TempDirectory();
        string spool = CdrSpool.PathIn(dir.Path);
        Directory.CreateDirectory(spool);
        WriteSegment(Path.Combine(spool, "000000000007.jsonl"), TestRecords.Calls(300), torn: true);
        WriteSegment(Path.Combine(spool, "000000000003.jsonl"), TestRecords.Calls(200, "old-"), torn: false);
        Assert.False(File.Exists(Path.Combine(dir.Path, "palisade.db")));

        await using (CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
        {
            await writer.FlushAsync();
            // New segments of this run are numbered after the leftovers, never over them.
            writer.Write(TestRecords.Call(1, "new-"));
            Assert.Contains(TestRecords.SpoolFiles(dir.Path), f => Path.GetFileName(f) == "000000000008.jsonl");
        }

        Assert.Equal(501, TestRecords.Count(dir.Path));
        Assert.Empty(TestRecords.SpoolFiles(dir.Path));
        Assert.False(Directory.Exists(Path.Combine(spool, "rejected")), "a torn final line is expected after a crash, not an error");
    }

    [Fact]
    public async Task A_record_both_in_the_database_and_in_the_spool_is_not_duplicated()
    {
        using var dir = new TempDirectory();
        await using (CdrWriter first = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
        {
            foreach (CallRecord r in TestRecords.Calls(1_000))
            {
                first.Write(r);
            }
        }

        Assert.Equal(1_000, TestRecords.Count(dir.Path));
        // A crash between commit and spool truncation: the committed records are still in a spool file, with newer ones.
        WriteSegment(Path.Combine(CdrSpool.PathIn(dir.Path), "000000000001.jsonl"), TestRecords.Calls(1_500), torn: false);

        CdrWriter second = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast);
        await second.DisposeAsync();

        Assert.Equal(1_500, TestRecords.Count(dir.Path));
        Assert.Equal(500, second.State.RecordsWritten); // the 1,000 already present were ignored, not rewritten
    }

    [Fact]
    public async Task A_spool_file_with_a_corrupt_line_is_replayed_and_kept_aside()
    {
        using var dir = new TempDirectory();
        string spool = CdrSpool.PathIn(dir.Path);
        Directory.CreateDirectory(spool);
        var log = new ListLogger();
        for (int run = 0; run < 2; run++)
        {
            // The same file name twice: the second rejected file must not overwrite the first.
            string file = Path.Combine(spool, "000000000001.jsonl");
            WriteSegment(file, TestRecords.Calls(10, $"run{run}-"), torn: false);
            File.AppendAllText(file, "{garbage}\n");
            WriteSegment(file, TestRecords.Calls(10, $"more{run}-"), torn: false, append: true);

            await using CdrWriter writer = CdrWriter.Open(dir.Path, log, TimeProvider.System, TestRecords.Fast);
            await writer.FlushAsync();
        }

        Assert.Equal(40, TestRecords.Count(dir.Path));
        Assert.Equal(["000000000001-1.jsonl", "000000000001.jsonl"], Directory.GetFiles(Path.Combine(spool, "rejected")).Select(Path.GetFileName).Order());
        Assert.Empty(TestRecords.SpoolFiles(dir.Path));
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("1 unreadable line", StringComparison.Ordinal)));
    }

    private static void WriteSegment(string path, IEnumerable<CallRecord> records, bool torn, bool append = false)
    {
        using var f = new FileStream(path, append ? FileMode.Append : FileMode.CreateNew, FileAccess.Write);
        foreach (CallRecord r in records)
        {
            f.Write(CdrSpoolLine.Serialize(r));
        }

        if (torn)
        {
            // The start of a line whose write the crash interrupted.
            ReadOnlySpan<byte> next = CdrSpoolLine.Serialize(TestRecords.Call(999_999, "torn-"));
            f.Write(next[..(next.Length / 2)]);
        }
    }
}
