using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Store.Cdr;
using Palisade.Store.Tests.Cdr;

namespace Palisade.Store.Tests;

/// <summary>
/// Entry point used only when this assembly is run as a program (the test host never calls it): the kill test starts
/// <c>dotnet Palisade.Store.Tests.dll cdr-kill-child DIR</c>, which writes records forever, printing each id once its
/// Write has returned, until the test SIGKILLs it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["cdr-kill-child", string dataDirectory])
        {
            RunKillChild(dataDirectory);
            return 0;
        }

        Console.Error.WriteLine("usage: Palisade.Store.Tests cdr-kill-child DATA_DIRECTORY");
        return 2;
    }

    private static void RunKillChild(string dataDirectory)
    {
        // Small batches and spool files so the kill lands among commits, truncations and roll-overs.
        CdrWriter writer = CdrWriter.Open(dataDirectory, NullLogger.Instance, TimeProvider.System,
            new CdrWriterOptions { BatchSize = 50, BatchDelay = TimeSpan.FromMilliseconds(5), SpoolSegmentRecords = 300, ChannelCapacity = 256 });
        Console.Out.WriteLine("ready");
        var threads = new Thread[2];
        for (int t = 0; t < threads.Length; t++)
        {
            string prefix = $"k{t}-";
            threads[t] = new Thread(() =>
            {
                for (int i = 0; ; i++)
                {
                    var r = TestRecords.Call(i, prefix);
                    writer.Write(r);
                    Console.Out.WriteLine(r.RecordId); // autoflushed: the parent sees it only after Write returned
                }
            });
            threads[t].Start();
        }

        threads[0].Join();
    }
}
