using System.Globalization;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary>
/// Real SIP peers from Debian (sipsak, SIPp) ping a running <c>palisade run</c> with OPTIONS over UDP and TCP, as
/// carriers do, and must get 200 (TLS: <see cref="TlsInteropTests"/>; Debian's SIPp is built without TLS).
/// </summary>
[Collection(PalisadeCollection.Name)]
public sealed class OptionsInteropTests(PalisadeFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private string Port(string transport) => (transport switch
    {
        "udp" => fixture.Node.UdpPort,
        "tcp" => fixture.Node.TcpPort,
        _ => fixture.Node.TlsPort,
    }).ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Sipsak_options_gets_200(string transport)
    {
        ToolResult r = await ToolRun.RunAsync("sipsak", ["-vv", "--transport", transport, "-s", $"sip:ping@127.0.0.1:{Port(transport)}"], Limit);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("200 OK", r.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Sipp_options_get_200(string sippTransport)
    {
        string port = Port(sippTransport == "u1" ? "udp" : "tcp");
        ToolResult r = await ToolRun.RunAsync("sipp",
            ["-sf", RepoPaths.Scenario("options-uac.xml"), "-t", sippTransport, "-i", "127.0.0.1", "-p", "0", "-m", "20", "-r", "20", "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err", $"127.0.0.1:{port}"],
            Limit, workingDirectory: fixture.Node.Directory);
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
