using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Store.Tests.Cdr;

internal static class TestRecords
{
    public static readonly DateTimeOffset Base = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A plausible answered call; <paramref name="i"/> makes the id unique and spreads set-up times by 1 s.</summary>
    public static CallRecord Call(int i, string prefix = "r", string? tenant = "acme") => new()
    {
        RecordId = $"{prefix}{i:D7}",
        Kind = CallRecordKind.Call,
        CallId = $"{prefix}{i:D7}",
        Node = "node-1",
        TenantId = tenant,
        InTrunk = "teams",
        OutTrunk = "carrier-a",
        CallingIn = "+41441234567",
        CalledIn = "+41447654321",
        SetupAt = Base.AddSeconds(i),
        AnswerAt = Base.AddSeconds(i + 2),
        EndAt = Base.AddSeconds(i + 62),
        Status = 200,
        Cause = "normal",
        EndedBy = "caller",
        Cost = 0.0125m,
        Currency = "CHF",
    };

    public static IEnumerable<CallRecord> Calls(int count, string prefix = "r") =>
        Enumerable.Range(0, count).Select(i => Call(i, prefix));

    /// <summary>Options that make retries and batching quick for tests.</summary>
    public static CdrWriterOptions Fast => new()
    {
        BatchDelay = TimeSpan.FromMilliseconds(20),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        BusyTimeoutSeconds = 1,
        StopTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Lines in the spool files of a data directory (the records a crash now would leave there).</summary>
    public static int SpoolLines(string dataDirectory)
    {
        string dir = CdrSpool.PathIn(dataDirectory);
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        int lines = 0;
        foreach (string f in Directory.EnumerateFiles(dir, "*" + CdrSpool.Extension))
        {
            lines += File.ReadAllBytes(f).Count(b => b == (byte)'\n');
        }

        return lines;
    }

    public static string[] SpoolFiles(string dataDirectory) =>
        Directory.Exists(CdrSpool.PathIn(dataDirectory))
            ? Directory.GetFiles(CdrSpool.PathIn(dataDirectory), "*" + CdrSpool.Extension)
            : [];

    public static long Count(string dataDirectory)
    {
        using CdrQuery q = CdrQuery.Open(dataDirectory);
        return q.Count();
    }

    /// <summary>Polls until <paramref name="condition"/> holds (for states reached by the background loop).</summary>
    public static async Task Eventually(Func<bool> condition, string what, int timeoutMs = 20_000)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.ElapsedMilliseconds > timeoutMs)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
