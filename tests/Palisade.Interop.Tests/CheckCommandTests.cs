using System.Text.RegularExpressions;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary><c>palisade check</c> as an operator runs it: exit code and messages with file and line.</summary>
public sealed class CheckCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Lab_example_is_valid()
    {
        ToolResult r = await ToolRun.RunAsync("dotnet", [PalisadeProcess.ServerAssembly(), "check", Path.Combine(RepoPaths.Shared, "examples", "lab.yaml")], Limit);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("OK", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_copy_is_refused_with_line_numbers()
    {
        string lab = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Shared, "examples", "lab.yaml"));
        // Three independent mistakes: an unknown trunk in a route, a bad address, a misspelt key.
        string broken = lab.Replace("to: [pbx]", "to: [pbx-typo]", StringComparison.Ordinal)
                           .Replace("address: 127.0.0.1, port: 5061", "address: 127.0.0.300, port: 5061", StringComparison.Ordinal)
                           .Replace("failover-codes: [408, 503, 504]", "failover-code: [408, 503, 504]", StringComparison.Ordinal);
        Assert.NotEqual(lab, broken);
        string path = Path.Combine(Path.GetTempPath(), "palisade-broken-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        await File.WriteAllTextAsync(path, broken);
        try
        {
            ToolResult r = await ToolRun.RunAsync("dotnet", [PalisadeProcess.ServerAssembly(), "check", path], Limit);
            Assert.True(r.ExitCode != 0, r.ToString());
            string[] lines = broken.Split('\n');
            AssertErrorAt(r.Output, path, LineOf(lines, "pbx-typo"));
            AssertErrorAt(r.Output, path, LineOf(lines, "127.0.0.300"));
            AssertErrorAt(r.Output, path, LineOf(lines, "failover-code:"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int LineOf(string[] lines, string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static void AssertErrorAt(string output, string path, int line)
    {
        Assert.True(line > 0);
        Assert.Matches(new Regex(Regex.Escape(path) + ":" + line + ":\\d+: .+"), output);
    }
}
