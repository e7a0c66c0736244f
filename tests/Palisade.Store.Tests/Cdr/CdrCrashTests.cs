using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Store.Tests.Cdr;

/// <summary>"No completed call loses its record across a restart": once Write has returned, a crash at any point
/// leaves the record in the database or in the spool.</summary>
public sealed class CdrCrashTests
{
    [Fact]
    public async Task A_snapshot_of_the_data_directory_taken_at_any_moment_holds_every_record_written_before_it()
    {
        using var dir = new TempDirectory();
        string data = dir.Sub("live");
        CdrWriter writer = CdrWriter.Open(data, NullLogger.Instance, TimeProvider.System,
            new CdrWriterOptions { BatchSize = 64, BatchDelay = TimeSpan.FromMilliseconds(2), SpoolSegmentRecords = 500, ChannelCapacity = 128 });
        var written = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        // Bursts of 300 overflow the 128-record channel (exercising the replay path); about 10,000 records/s on
        // average stays within what the database takes, as a real node's call rate does.
        Task load = Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested;)
            {
                for (int burst = 0; burst < 300; burst++, i++)
                {
                    CallRecord r = TestRecords.Call(i);
                    writer.Write(r);
                    written.Enqueue(r.RecordId);
                }

                await Task.Delay(30);
            }
        });

        try
        {
            // On a loaded machine the writing task may start late: snapshots are only meaningful once it wrote.
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (written.IsEmpty && started.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(10);
            for (int snap = 0; snap < 5; snap++)
            {
                await Task.Delay(50 + (snap * 37));
                string[] before = [.. written]; // Write returned for each of these before the snapshot begins
                string copy = dir.Sub($"snapshot-{snap}");
                Snapshot(data, copy);

                await using (CdrWriter restarted = CdrWriter.Open(copy, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
                {
                    await restarted.FlushAsync();
                }

                using CdrQuery q = CdrQuery.Open(copy);
                Assert.True(before.Length > 0);
                string[] missing = [.. before.Where(id => q.Get(id) is null).Take(5)];
                Assert.True(missing.Length == 0, $"snapshot {snap}: {missing.Length}+ of {before.Length} records missing, e.g. {string.Join(", ", missing)}");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await load;
            await writer.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_writer_killed_with_SIGKILL_loses_no_record_whose_Write_returned()
    {
        using var dir = new TempDirectory();
        var random = new Random(20260314);
        long total = 0;
        for (int run = 0; run < 3; run++)
        {
            // The same directory each time: later runs also replay what earlier kills left behind.
            int killAfter = random.Next(200, 4_000);
            List<string> acknowledged = await RunAndKill(dir.Path, killAfter);
            Assert.True(acknowledged.Count >= killAfter);

            var state = default(CdrWriterState);
            await using (CdrWriter restarted = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
            {
                await restarted.FlushAsync();
                state = restarted.State;
            }

            using CdrQuery q = CdrQuery.Open(dir.Path);
            string[] missing = [.. acknowledged.Where(id => q.Get(id) is null).Take(5)];
            Assert.True(missing.Length == 0, $"run {run}: records acknowledged before SIGKILL are missing, e.g. {string.Join(", ", missing)}");
            Assert.Equal(0, state.StoreErrors);
            total = q.Count();
            Assert.Empty(TestRecords.SpoolFiles(dir.Path));
        }

        Assert.True(total > 0);
    }

    /// <summary>Runs the writer in a child process and SIGKILLs it once it has acknowledged <paramref name="killAfter"/>
    /// records; returns every id it acknowledged (Write returned), including those still in the pipe at the kill.</summary>
    private static async Task<List<string>> RunAndKill(string dataDirectory, int killAfter)
    {
        string dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost(), ["exec", dll, "cdr-kill-child", dataDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process child = Process.Start(start)!;
        Task<string> errors = child.StandardError.ReadToEndAsync();
        var ids = new List<string>();
        try
        {
            string? first = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (first != "ready")
            {
                Assert.Fail($"child did not start: {first} {(child.HasExited ? await errors : "")}");
            }
            while (ids.Count < killAfter)
            {
                string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (line is null)
                {
                    Assert.Fail($"child ended early: {await errors}");
                }

                ids.Add(line);
            }
        }
        finally
        {
            child.Kill(); // SIGKILL on Unix: no finally blocks, no disposal, no flush in the child
            await child.WaitForExitAsync();
        }

        // Lines already in the pipe were printed after their Write returned: they count too (a torn last one does not).
        string rest = await child.StandardOutput.ReadToEndAsync();
        string[] tail = rest.Split('\n');
        ids.AddRange(tail[..^1].Where(l => l.Length > 0));
        return ids;
    }

    private static string DotnetHost()
    {
        // The test host runs under the dotnet muxer; use the same one.
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }

    /// <summary>
    /// A crash image taken while the writer runs: first the spool files, then a consistent copy of the database made
    /// through SQLite's backup API. (Copying palisade.db, -wal and -shm one after another is not a valid image: a
    /// checkpoint between the copies can mix two states.) Spool first, database second is the order that matters: a
    /// record whose spool line is gone by the time it is copied was committed before, so the later database copy has it.
    /// </summary>
    private static void Snapshot(string data, string copy)
    {
        string spool = Directory.CreateDirectory(CdrSpool.PathIn(copy)).FullName;
        foreach (string f in Directory.GetFiles(CdrSpool.PathIn(data), "*" + CdrSpool.Extension))
        {
            try
            {
                // Read as the writer may be appending: a torn last line is exactly what a crash leaves.
                using var source = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var target = File.Create(Path.Combine(spool, Path.GetFileName(f)));
                source.CopyTo(target);
            }
            catch (FileNotFoundException)
            {
                // Deleted since listed: its records were committed first.
            }
        }

        using var live = new SqliteConnection($"Data Source={Path.Combine(data, "palisade.db")};Mode=ReadOnly;Pooling=False");
        using var image = new SqliteConnection($"Data Source={Path.Combine(copy, "palisade.db")};Pooling=False");
        live.Open();
        image.Open();
        live.BackupDatabase(image);
    }
}
