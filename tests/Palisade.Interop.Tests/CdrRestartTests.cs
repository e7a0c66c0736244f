using System.Globalization;
using Palisade.Interop.Tests.Infrastructure;
using Palisade.Sbc.Cdr;
using Palisade.Store.Cdr;

namespace Palisade.Interop.Tests;

/// <summary>
/// CDRs survive a crash: calls carried by a real <c>palisade run</c> between two SIPp peers, then SIGKILL right after
/// the last call ended, then a restart on the same data directory — every completed call has its record.
/// </summary>
public sealed class CdrRestartTests
{
    [Fact]
    public async Task Every_completed_call_has_its_record_after_kill_9_and_restart()
    {
        int uasPort = FreePort.Next(System.Net.IPAddress.Parse("127.0.0.4"));
        int uacPort = FreePort.Next(System.Net.IPAddress.Parse("127.0.0.2"));
        string trunks = $$"""
            trunks:
              - { id: carrier-a, kind: carrier, listener: udp, endpoints: [ { host: 127.0.0.2, port: {{uacPort}}, transport: udp } ], allow-from: [127.0.0.2/32], probe: { enabled: false } }
              - { id: carrier-b, kind: carrier, listener: udp, endpoints: [ { host: 127.0.0.4, port: {{uasPort}}, transport: udp } ], allow-from: [127.0.0.4/32], probe: { enabled: false } }
            routes:
              - { id: a-to-b, from: [carrier-a], to: [carrier-b] }
            """;
        PalisadeProcess node = await PalisadeProcess.StartAsync(extra: trunks);
        PalisadeProcess? restarted = null;
        var uas = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(ToolRun.Require("sipp"),
            ["-sn", "uas", "-i", "127.0.0.4", "-p", uasPort.ToString(CultureInfo.InvariantCulture), "-nostdin", "-timeout", "60s"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            const int calls = 25;
            ToolResult uac = await ToolRun.RunAsync("sipp",
                ["-sn", "uac", "-i", "127.0.0.2", "-p", uacPort.ToString(CultureInfo.InvariantCulture), "-s", "+14255550100",
                 "-m", calls.ToString(CultureInfo.InvariantCulture), "-r", "25", "-d", "100", "-timeout", "40s", "-timeout_error", "-nostdin",
                 "127.0.0.1:" + node.UdpPort.ToString(CultureInfo.InvariantCulture)],
                TimeSpan.FromSeconds(60), workingDirectory: node.Directory);
            Assert.True(uac.ExitCode == 0, uac + "\n" + node.Output);

            // The last BYE was answered: kill the node at once, before any batch had a reason to be written.
            restarted = await node.KillAndRestartAsync();
            long recorded = 0;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                using CdrQuery query = CdrQuery.Open(restarted.DataDirectory);
                recorded = query.Find(new CdrFilter { Kind = CallRecordKind.Call }, 1000).Count;
                if (recorded >= calls)
                    break;
                await Task.Delay(200);
            }
            Assert.Equal(calls, recorded);
            using CdrQuery final = CdrQuery.Open(restarted.DataDirectory);
            IReadOnlyList<CallRecord> records = final.Find(new CdrFilter { Kind = CallRecordKind.Call }, 1000);
            Assert.All(records, r =>
            {
                Assert.Equal(200, r.Status);
                Assert.Equal("normal", r.Cause);
                Assert.Equal("carrier-a", r.InTrunk);
                Assert.Equal("carrier-b", r.OutTrunk);
            });
        }
        finally
        {
            uas.Kill();
            await uas.WaitForExitAsync();
            if (restarted is not null)
                await restarted.DisposeAsync();
            await node.DisposeAsync();
        }
    }
}
