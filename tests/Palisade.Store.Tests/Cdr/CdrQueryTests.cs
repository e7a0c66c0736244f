using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Store.Tests.Cdr;

public sealed class CdrQueryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<CdrQuery> Seed()
    {
        await using (CdrWriter writer = CdrWriter.Open(_dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
        {
            for (int i = 0; i < 30; i++)
            {
                // Tenants a, b, c in turn; set-up at Base + i seconds.
                writer.Write(TestRecords.Call(i, tenant: ((char)('a' + (i % 3))).ToString()));
            }

            writer.Write(TestRecords.Call(100, tenant: null) with { Kind = CallRecordKind.Attempt, RecordId = "r0000005/1", CallId = "r0000005", Attempt = 1 });
        }

        return CdrQuery.Open(_dir.Path);
    }

    [Fact]
    public async Task Recent_returns_the_newest_first()
    {
        using CdrQuery q = await Seed();
        Assert.Equal(31, q.Count());
        IReadOnlyList<CallRecord> recent = q.Recent(3);
        Assert.Equal(["r0000005/1", "r0000029", "r0000028"], recent.Select(r => r.RecordId));
        Assert.Empty(q.Recent(0));
        Assert.Equal(31, q.Recent(1_000).Count);
    }

    [Fact]
    public async Task Find_filters_by_tenant_time_range_kind_and_call()
    {
        using CdrQuery q = await Seed();
        Assert.Equal(10, q.Find(new CdrFilter { TenantId = "b" }, 100).Count);
        Assert.All(q.Find(new CdrFilter { TenantId = "b" }, 100), r => Assert.Equal("b", r.TenantId));

        // [Base+10 s, Base+20 s): ten records, from is inclusive, to exclusive.
        var range = new CdrFilter { From = TestRecords.Base.AddSeconds(10), To = TestRecords.Base.AddSeconds(20) };
        Assert.Equal(Enumerable.Range(10, 10).Reverse().Select(i => $"r{i:D7}"), q.Find(range, 100).Select(r => r.RecordId));
        Assert.Equal(["r0000019", "r0000016", "r0000013", "r0000010"], q.Find(range with { TenantId = "b" }, 100).Select(r => r.RecordId));

        // The same instant given with an offset selects the same records.
        var shifted = new CdrFilter { From = TestRecords.Base.AddSeconds(10).ToOffset(TimeSpan.FromHours(9)) };
        Assert.Equal(21, q.Find(shifted, 100).Count);

        Assert.Equal(["r0000005/1"], q.Find(new CdrFilter { Kind = CallRecordKind.Attempt }, 100).Select(r => r.RecordId));
        Assert.Equal(2, q.Find(new CdrFilter { CallId = "r0000005" }, 100).Count);
        Assert.Equal(2, q.Find(new CdrFilter { TenantId = "a" }, 2).Count);
    }

    [Fact]
    public void Opening_a_directory_without_a_database_says_so()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CdrQuery.Open(_dir.Path));
        Assert.Contains("No CDR database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queries_run_while_the_writer_writes()
    {
        await using CdrWriter writer = CdrWriter.Open(_dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast);
        using CdrQuery q = CdrQuery.Open(_dir.Path);
        for (int i = 0; i < 2_000; i++)
        {
            writer.Write(TestRecords.Call(i));
            if (i % 200 == 0)
            {
                Assert.InRange(q.Count(), 0, i + 1);
            }
        }

        await writer.FlushAsync();
        Assert.Equal(2_000, q.Count());
    }
}
