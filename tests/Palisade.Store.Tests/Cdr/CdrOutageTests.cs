using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Store.Tests.Cdr;

public sealed class CdrOutageTests
{
    [Fact]
    public async Task A_database_locked_by_another_connection_delays_records_without_losing_them()
    {
        using var dir = new TempDirectory();
        var log = new ListLogger();
        await using CdrWriter writer = CdrWriter.Open(dir.Path, log, TimeProvider.System, TestRecords.Fast);

        using (SqliteConnection blocker = ExclusiveLock(dir.Path))
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            foreach (CallRecord r in TestRecords.Calls(500))
            {
                writer.Write(r);
            }

            // Write never waits for the database (500 writes against a locked database in well under a busy timeout).
            Assert.True(sw.ElapsedMilliseconds < 1_000, $"500 writes took {sw.ElapsedMilliseconds} ms");
            await TestRecords.Eventually(() => writer.State.StoreErrors >= 3, "several failed attempts");
            Assert.False(writer.State.StoreAvailable);
            Assert.Equal(500, TestRecords.SpoolLines(dir.Path));
        }

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(500, TestRecords.Count(dir.Path));
        Assert.True(writer.State.StoreAvailable);
        Assert.Equal(0, TestRecords.SpoolLines(dir.Path));
        // One error for the whole outage, one line when it is over — not one per attempt or per record.
        Assert.Equal(1, log.Count(LogLevel.Error));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("available again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_directory_where_the_database_file_should_be_keeps_records_in_the_spool_until_it_is_gone()
    {
        using var dir = new TempDirectory();
        string obstacle = dir.Sub("palisade.db");
        var log = new ListLogger();
        await using CdrWriter writer = CdrWriter.Open(dir.Path, log, TimeProvider.System, TestRecords.Fast);
        Assert.False(writer.State.StoreAvailable);

        foreach (CallRecord r in TestRecords.Calls(300))
        {
            writer.Write(r);
        }

        await TestRecords.Eventually(() => writer.State.StoreErrors >= 3, "several failed attempts");
        Assert.Equal(300, TestRecords.SpoolLines(dir.Path));

        Directory.Delete(obstacle);
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(300, TestRecords.Count(dir.Path));
        Assert.Equal(1, log.Count(LogLevel.Error));
    }

    [Fact]
    public async Task While_the_database_is_down_a_full_channel_overflows_to_the_spool_and_everything_catches_up()
    {
        using var dir = new TempDirectory();
        await using CdrWriter writer = CdrWriter.Open(dir.Path, new ListLogger(), TimeProvider.System,
            TestRecords.Fast with { ChannelCapacity = 16, BatchSize = 8, SpoolSegmentRecords = 250 });

        using (SqliteConnection blocker = ExclusiveLock(dir.Path))
        {
            foreach (CallRecord r in TestRecords.Calls(1_000))
            {
                writer.Write(r);
            }

            // At most a batch and a channel's worth are in memory; the rest found the channel full.
            Assert.InRange(writer.State.SpooledBecauseFull, 1_000 - 16 - 8, 1_000);
            Assert.Equal(1_000, TestRecords.SpoolLines(dir.Path));
            Assert.True(TestRecords.SpoolFiles(dir.Path).Length >= 4, "the spool rolls over to new files");
        }

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1_000, TestRecords.Count(dir.Path));
        Assert.Empty(TestRecords.SpoolFiles(dir.Path));
        Assert.Equal(0, writer.State.Lost);
    }

    [Fact]
    public async Task Stopping_while_the_database_is_down_leaves_the_records_in_the_spool_for_the_next_start()
    {
        using var dir = new TempDirectory();
        var log = new ListLogger();
        CdrWriter writer = CdrWriter.Open(dir.Path, log, TimeProvider.System,
            TestRecords.Fast with { StopTimeout = TimeSpan.FromMilliseconds(300) });
        using (SqliteConnection blocker = ExclusiveLock(dir.Path))
        {
            foreach (CallRecord r in TestRecords.Calls(100))
            {
                writer.Write(r);
            }

            Task flush = writer.FlushAsync();
            await writer.DisposeAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() => flush);
        }

        Assert.Equal(100, TestRecords.SpoolLines(dir.Path));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("next start", StringComparison.Ordinal));

        await using (CdrWriter next = CdrWriter.Open(dir.Path, log, TimeProvider.System, TestRecords.Fast))
        {
            await next.FlushAsync();
        }

        Assert.Equal(100, TestRecords.Count(dir.Path));
    }

    /// <summary>Another connection holding the write lock (as a backup tool or a stuck process would).</summary>
    private static SqliteConnection ExclusiveLock(string dataDirectory)
    {
        var c = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "palisade.db")};Pooling=False");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "BEGIN EXCLUSIVE";
        cmd.ExecuteNonQuery();
        return c;
    }
}
