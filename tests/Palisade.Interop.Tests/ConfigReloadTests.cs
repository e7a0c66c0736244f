using System.Globalization;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary>
/// Hot reload on a running <c>palisade run --config</c>: an edited file is validated and swapped in whole; a broken
/// one is refused with its errors logged while the previous configuration keeps carrying calls.
/// </summary>
public sealed class ConfigReloadTests
{
    private const string Trunk = """
        trunks:
          - id: local-pbx
            kind: pbx
            listener: udp
            endpoints: [ { host: 127.0.0.1, port: 9, transport: udp } ]
            allow-from: [127.0.0.1/32]
            probe: { enabled: false }
        """;

    private static byte[] Invite(int port, int n) => Encoding.ASCII.GetBytes(
        "INVITE sip:+14255550100@127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + " SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-reload-" + n.ToString(CultureInfo.InvariantCulture) + ";rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:+14255551234@127.0.0.1>;tag=reload-" + n.ToString(CultureInfo.InvariantCulture) + "\r\n" +
        "To: <sip:+14255550100@127.0.0.1>\r\n" +
        "Call-ID: reload-" + n.ToString(CultureInfo.InvariantCulture) + "@test\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:test@127.0.0.1:5999>\r\n" +
        "Content-Length: 0\r\n\r\n");

    [Fact]
    public async Task An_edited_config_applies_to_new_calls_and_a_broken_one_is_refused()
    {
        await using PalisadeProcess node = await PalisadeProcess.StartAsync(extra: Trunk);
        string path = Path.Combine(node.Directory, "palisade.yaml");
        string original = await File.ReadAllTextAsync(path);

        // No route yet: 404.
        List<int> before = await SipProbe.UdpAsync(node.UdpPort, Invite(node.UdpPort, 1), TimeSpan.FromSeconds(5));
        Assert.True(before.Count > 0 && before[0] == 404, string.Join(",", before) + "\n" + node.Output);

        // A route appears: the call is taken (100 Trying) and sent on.
        await File.WriteAllTextAsync(path, original + "\nroutes:\n  - { id: to-pbx, from: [local-pbx], to: [local-pbx] }\n");
        await WaitForLog(node, "config reload: ", "applied");
        List<int> after = await SipProbe.UdpAsync(node.UdpPort, Invite(node.UdpPort, 2), TimeSpan.FromSeconds(5));
        Assert.True(after.Count > 0 && after[0] == 100, string.Join(",", after) + "\n" + node.Output);

        // A broken file: refused with file:line, and the running configuration still routes.
        await File.WriteAllTextAsync(path, original + "\nroutes:\n  - { id: to-pbx, from: [no-such-trunk], to: [local-pbx] }\n");
        await WaitForLog(node, "config reload: ", "refused");
        Assert.Contains("no-such-trunk", node.Output, StringComparison.Ordinal);
        List<int> still = await SipProbe.UdpAsync(node.UdpPort, Invite(node.UdpPort, 3), TimeSpan.FromSeconds(5));
        Assert.True(still.Count > 0 && still[0] == 100, string.Join(",", still) + "\n" + node.Output);
        Assert.False(node.HasExited);
    }

    private static async Task WaitForLog(PalisadeProcess node, string prefix, string word)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            foreach (string line in node.Output.Split('\n'))
            {
                if (line.Contains(prefix, StringComparison.Ordinal) && line.Contains(word, StringComparison.Ordinal))
                    return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("no '" + prefix + "… " + word + "' in the log:\n" + node.Output);
    }
}
