using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Store.Tests.Cdr;

public sealed class CdrWriterTests
{
    [Fact]
    public async Task Open_creates_the_database_and_an_empty_spool()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "data");
        await using CdrWriter writer = CdrWriter.Open(data, NullLogger.Instance, TimeProvider.System);
        Assert.True(File.Exists(Path.Combine(data, "palisade.db")));
        Assert.True(Directory.Exists(Path.Combine(data, "cdr-spool")));
        Assert.Empty(TestRecords.SpoolFiles(data));
        Assert.Equal(0, TestRecords.Count(data));
        Assert.True(writer.State.StoreAvailable);
    }

    [Fact]
    public async Task Ten_thousand_records_are_all_committed_by_dispose_in_batches()
    {
        using var dir = new TempDirectory();
        CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System);
        foreach (CallRecord r in TestRecords.Calls(10_000))
        {
            writer.Write(r);
        }

        await writer.DisposeAsync();

        Assert.Equal(10_000, TestRecords.Count(dir.Path));
        CdrWriterState s = writer.State;
        Assert.Equal(10_000, s.RecordsWritten);
        Assert.InRange(s.Batches, 1, 9_999);
        Assert.Equal(0, s.StoreErrors);
        Assert.Equal(0, s.QueueLength);
        // A graceful stop leaves no spool behind.
        Assert.Empty(TestRecords.SpoolFiles(dir.Path));
    }

    [Fact]
    public async Task Writes_from_many_threads_are_all_committed()
    {
        using var dir = new TempDirectory();
        CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System,
            TestRecords.Fast with { SpoolSegmentRecords = 500 });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            foreach (CallRecord r in TestRecords.Calls(2_500, $"t{t}-"))
            {
                writer.Write(r);
            }
        })));
        await writer.DisposeAsync();
        Assert.Equal(10_000, TestRecords.Count(dir.Path));
        Assert.Empty(TestRecords.SpoolFiles(dir.Path));
    }

    [Fact]
    public async Task FlushAsync_returns_once_earlier_records_are_in_the_database_while_writes_go_on()
    {
        using var dir = new TempDirectory();
        await using CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System,
            new CdrWriterOptions { BatchDelay = TimeSpan.FromSeconds(30) });
        foreach (CallRecord r in TestRecords.Calls(100))
        {
            writer.Write(r);
        }

        using var stop = new CancellationTokenSource();
        Task background = Task.Run(() =>
        {
            int i = 0;
            while (!stop.IsCancellationRequested)
            {
                writer.Write(TestRecords.Call(i++, "later-"));
            }
        });

        // The batch delay is 30 s: only the flush makes the loop commit now.
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));
        using (CdrQuery q = CdrQuery.Open(dir.Path))
        {
            Assert.All(TestRecords.Calls(100), r => Assert.NotNull(q.Get(r.RecordId)));
        }

        await stop.CancelAsync();
        await background;
    }

    [Fact]
    public async Task A_full_channel_sends_records_through_the_spool_and_none_is_lost()
    {
        using var dir = new TempDirectory();
        CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System,
            TestRecords.Fast with { ChannelCapacity = 1, BatchSize = 10, SpoolSegmentRecords = 300 });
        await Task.WhenAll(Enumerable.Range(0, 2).Select(t => Task.Run(() =>
        {
            foreach (CallRecord r in TestRecords.Calls(3_000, $"t{t}-"))
            {
                writer.Write(r);
            }
        })));
        await writer.DisposeAsync();

        Assert.True(writer.State.SpooledBecauseFull > 0, "a one-record channel must have been full at some point");
        Assert.Equal(6_000, TestRecords.Count(dir.Path));
        Assert.Equal(0, writer.State.Lost);
        Assert.Empty(TestRecords.SpoolFiles(dir.Path));
    }

    [Fact]
    public async Task Metrics_report_on_meter_Palisade_Store()
    {
        using var dir = new TempDirectory();
        CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast);
        var totals = new Dictionary<string, long>();
        var gauges = new HashSet<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this writer's meter: other tests run writers in parallel.
            if (ReferenceEquals(instrument.Meter, writer.Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, _, _, _) =>
        {
            lock (totals)
            {
                gauges.Add(instrument.Name);
            }
        });
        listener.Start();

        foreach (CallRecord r in TestRecords.Calls(50))
        {
            writer.Write(r);
        }

        await writer.FlushAsync();
        listener.RecordObservableInstruments();
        await writer.DisposeAsync();

        Assert.Equal(CdrMetrics.MeterName, writer.Metrics.Meter.Name);
        lock (totals)
        {
            Assert.Equal(50, totals["palisade.cdr.written"]);
            Assert.Equal(writer.State.Batches, totals["palisade.cdr.batches"]);
            Assert.Contains("palisade.cdr.queue_length", gauges);
        }
    }

    [Fact]
    public async Task A_second_writer_on_the_same_directory_is_refused()
    {
        using var dir = new TempDirectory();
        await using CdrWriter first = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System);
        var e = Assert.Throws<InvalidOperationException>(() => CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System));
        Assert.Contains("in use by another CDR writer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_missing_a_required_value_is_refused_at_Write()
    {
        using var dir = new TempDirectory();
        await using CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System);
        Assert.Throws<ArgumentException>(() => writer.Write(TestRecords.Call(1) with { RecordId = null! }));
        Assert.Throws<ArgumentException>(() => writer.Write(TestRecords.Call(1) with { Cause = null! }));
        Assert.Throws<ArgumentException>(() => writer.Write(TestRecords.Call(1) with { Kind = (CallRecordKind)7 }));
        Assert.Throws<ArgumentNullException>(() => writer.Write(null!));
    }

    [Fact]
    public async Task Write_after_dispose_throws()
    {
        using var dir = new TempDirectory();
        CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System);
        await writer.DisposeAsync();
        await writer.DisposeAsync(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => writer.Write(TestRecords.Call(1)));
    }

    [Fact]
    public void Bad_options_are_refused_with_the_setting_named()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() =>
            CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, new CdrWriterOptions { ChannelCapacity = 0 }));
        Assert.Contains("ChannelCapacity", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CdrWriterOptions { BusyTimeoutSeconds = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new CdrWriterOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(1) }.Validate());
    }

    [Fact]
    public async Task Records_go_to_the_spool_before_Write_returns()
    {
        using var dir = new TempDirectory();
        // Nothing is committed for 30 s: whatever Write has done is visible in the spool file right away.
        await using CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System,
            new CdrWriterOptions { BatchDelay = TimeSpan.FromSeconds(30), BatchSize = 1_000 });
        for (int i = 0; i < 10; i++)
        {
            writer.Write(TestRecords.Call(i));
            Assert.Equal(i + 1, TestRecords.SpoolLines(dir.Path));
        }
    }
}
