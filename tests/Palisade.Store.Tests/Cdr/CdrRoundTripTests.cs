using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Store.Tests.Cdr;

public sealed class CdrRoundTripTests
{
    private static readonly TimeSpan Plus2 = TimeSpan.FromHours(2);
    private static readonly TimeSpan Minus5 = TimeSpan.FromHours(-5);

    /// <summary>Every field set, times with non-UTC offsets, a cost with more digits than any currency has.</summary>
    private static CallRecord Full() => new()
    {
        RecordId = "call-42/2",
        Kind = CallRecordKind.Attempt,
        CallId = "call-42",
        Attempt = 2,
        Node = "node-b",
        TenantId = "tenant-x",
        InTrunk = "teams-dr",
        OutTrunk = "carrier-b",
        RouteId = "route-ch",
        CallingIn = "+41 44 123 45 67",
        CalledIn = "0447654321",
        CallingOut = "+41441234567",
        CalledOut = "+41447654321",
        Trail = "carrier-a:503 carrier-b:200",
        SetupAt = new DateTimeOffset(2026, 1, 2, 22, 59, 58, 123, Plus2),
        RingAt = new DateTimeOffset(2026, 1, 2, 22, 59, 59, 5, Plus2),
        AnswerAt = new DateTimeOffset(2026, 1, 2, 16, 0, 1, 999, Minus5),
        EndAt = new DateTimeOffset(2026, 1, 3, 0, 10, 0, 1, Plus2),
        Status = 200,
        Cause = "normal",
        EndedBy = "callee",
        Cost = 1234567.0123456789012345678m,
        Currency = "EUR",
        InSipCallId = "a84b4c76e66710@pc33.atlanta.example.com",
        OutSipCallId = "ü-unicode-and-\"quotes\"-and\nnewline",
    };

    /// <summary>Only the required fields: every optional one null.</summary>
    private static CallRecord Minimal() => new()
    {
        RecordId = "call-7",
        Kind = CallRecordKind.Call,
        CallId = "call-7",
        Node = "node-a",
        SetupAt = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero),
        EndAt = new DateTimeOffset(2026, 5, 1, 12, 0, 3, TimeSpan.Zero),
        Status = 404,
        Cause = "rejected",
        EndedBy = "sbc",
    };

    [Fact]
    public async Task Every_field_round_trips_through_the_database_with_times_in_utc()
    {
        using var dir = new TempDirectory();
        CallRecord full = Full();
        CallRecord minimal = Minimal();
        await using (CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
        {
            writer.Write(full);
            writer.Write(minimal);
        }

        using CdrQuery query = CdrQuery.Open(dir.Path);
        CallRecord? back = query.Get(full.RecordId);
        Assert.NotNull(back);
        // Records compare by value; DateTimeOffset equality compares instants, so check the offsets separately.
        Assert.Equal(full, back);
        Assert.All([back.SetupAt, back.RingAt!.Value, back.AnswerAt!.Value, back.EndAt], t => Assert.Equal(TimeSpan.Zero, t.Offset));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 20, 59, 58, 123, TimeSpan.Zero), back.SetupAt);
        Assert.Equal(full.Duration, back.Duration);
        Assert.Equal(new TimeSpan(0, 1, 9, 58, 2), back.Duration);
        // Exact decimal, scale included: no float on the way.
        Assert.Equal("1234567.0123456789012345678", back.Cost!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        CallRecord? min = query.Get(minimal.RecordId);
        Assert.Equal(minimal, min);
        Assert.Null(min!.Cost);
        Assert.Null(min.RingAt);
        Assert.Equal(TimeSpan.Zero, min.Duration);
        Assert.Null(query.Get("no-such-record"));
    }

    [Fact]
    public async Task Trailing_zeros_of_a_cost_are_kept()
    {
        using var dir = new TempDirectory();
        await using (CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
        {
            writer.Write(Minimal() with { Cost = 1.50m, Currency = "USD" });
        }

        using CdrQuery query = CdrQuery.Open(dir.Path);
        Assert.Equal("1.50", query.Get("call-7")!.Cost!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Sub_millisecond_precision_is_dropped_by_the_database()
    {
        using var dir = new TempDirectory();
        CallRecord r = Minimal() with { SetupAt = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(12_345) };
        await using (CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System, TestRecords.Fast))
        {
            writer.Write(r);
        }

        using CdrQuery query = CdrQuery.Open(dir.Path);
        Assert.Equal(r.SetupAt.AddTicks(-2_345), query.Get(r.RecordId)!.SetupAt);
    }

    [Fact]
    public void Every_field_round_trips_through_a_spool_line_exactly()
    {
        foreach (CallRecord r in new[] { Full(), Minimal() })
        {
            ReadOnlySpan<byte> line = CdrSpoolLine.Serialize(r);
            Assert.Equal((byte)'\n', line[^1]);
            Assert.Equal(-1, line[..^1].IndexOf((byte)'\n'));
            CallRecord? back = CdrSpoolLine.Parse(line[..^1]);
            Assert.Equal(r, back);
            // The spool keeps the offsets and ticks as given; the database is what normalises.
            Assert.Equal(r.SetupAt.Offset, back!.SetupAt.Offset);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"recordId\":\"x\"}")]
    [InlineData("{\"recordId\":null,\"kind\":\"Call\",\"callId\":\"c\",\"node\":\"n\",\"setupAt\":\"2026-01-01T00:00:00Z\",\"endAt\":\"2026-01-01T00:00:00Z\",\"status\":200,\"cause\":\"normal\",\"endedBy\":\"sbc\"}")]
    [InlineData("{\"recordId\":\"x\",\"kind\":\"Bogus\",\"callId\":\"c\",\"node\":\"n\",\"setupAt\":\"2026-01-01T00:00:00Z\",\"endAt\":\"2026-01-01T00:00:00Z\",\"status\":200,\"cause\":\"normal\",\"endedBy\":\"sbc\"}")]
    public void A_bad_spool_line_is_refused(string line) =>
        Assert.Null(CdrSpoolLine.Parse(System.Text.Encoding.UTF8.GetBytes(line)));
}
