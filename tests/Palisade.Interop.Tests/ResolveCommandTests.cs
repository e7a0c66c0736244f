using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary>
/// <c>palisade resolve</c> with the lab configuration: the dns.static table answers before any DNS server, so the
/// Teams names resolve to the loopback emulator and no query leaves the machine.
/// </summary>
public sealed class ResolveCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static Task<ToolResult> Resolve(string uri) =>
        ToolRun.RunAsync("dotnet", [PalisadeProcess.ServerAssembly(), "resolve", uri, "--config", Path.Combine(RepoPaths.Shared, "examples", "lab.yaml")], Limit);

    [Fact]
    public async Task Teams_proxy_with_tls_resolves_from_the_static_table()
    {
        ToolResult r = await Resolve("sip:sip.pstnhub.microsoft.com;transport=tls");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("1. TLS 127.0.0.3:5061  (sip.pstnhub.microsoft.com)", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sips_uri_with_an_address_is_tls_on_5061()
    {
        ToolResult r = await Resolve("sips:127.0.0.1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("1. TLS 127.0.0.1:5061", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_a_sip_uri_is_refused_with_a_reason()
    {
        ToolResult r = await Resolve("mailto:someone@example.com");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not a sip: or sips: URI", r.Output, StringComparison.Ordinal);
    }
}
