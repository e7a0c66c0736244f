using System.Text.RegularExpressions;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary><c>palisade route explain</c> as an operator runs it on the lab topology: the decision, the reasons, the exit code.</summary>
public sealed class RouteExplainCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static string Lab => Path.Combine(RepoPaths.Shared, "examples", "lab.yaml");

    private static Task<ToolResult> Explain(params string[] args) =>
        ToolRun.RunAsync("dotnet", [PalisadeProcess.ServerAssembly(), "route", "explain", .. args], Limit);

    /// <summary>The row of the target table for <paramref name="position"/> ("1", "2", "fof"): its cells.</summary>
    private static string[] Row(string output, string position)
    {
        string? line = output.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, "^  " + Regex.Escape(position) + " +[a-z]"));
        Assert.True(line is not null, $"no target row {position} in:\n{output}");
        return Regex.Split(line!.Trim(), " {2,}");
    }

    [Fact]
    public async Task Carrier_call_to_a_did_goes_to_teams_for_its_tenant()
    {
        ToolResult r = await Explain("--config", Lab, "--from", "carrier-a", "--calling", "+12065550123", "--called", "+14255550100", "--at", "2025-06-02T09:30:00Z");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("tenant: contoso (owner of the called number, listed on its own)", r.Output, StringComparison.Ordinal);
        Assert.Contains("route pstn-to-teams (priority 100): matches", r.Output, StringComparison.Ordinal);
        Assert.Equal(["1", "teams", "try: #1 in written order", "+14255550100", "+12065550123", "-"], Row(r.Output, "1"));
        Assert.Equal("carrier-a", Row(r.Output, "fof")[1]);
        Assert.Contains("Result: routed by route pstn-to-teams for tenant contoso", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_call_to_the_uk_tries_the_cheaper_carrier_first()
    {
        ToolResult r = await Explain("--config", Lab, "--from", "teams", "--calling", "+14255550100", "--called", "+442071230100", "--host", "contoso.sbc.lab.example.net");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["1", "carrier-b", "try: cheapest: 0.0050 USD/min", "+442071230100", "+14255550100", "0.0050 USD/min"], Row(r.Output, "1"));
        Assert.Equal(["2", "carrier-a", "try: 0.0065 USD/min", "+442071230100", "+14255550100", "0.0065 USD/min"], Row(r.Output, "2"));
        Assert.Contains("expected cost: 0.0050 USD/min via carrier-b", r.Output, StringComparison.Ordinal);
        Assert.Contains("Result: routed by route teams-to-pstn for tenant contoso", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_with_no_route_exits_1_with_the_reason()
    {
        ToolResult r = await Explain("--config", Lab, "--from", "teams", "--calling", "+14255550100", "--called", "+33123456789");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("route teams-to-pstn (priority 100): no, called +33123456789 does not match", r.Output, StringComparison.Ordinal);
        Assert.Contains("Result: refused with 404 No route to +33123456789", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_trunk_exits_2_and_lists_the_trunks()
    {
        ToolResult r = await Explain("--config", Lab, "--from", "carrier-z", "--calling", "+1", "--called", "+2");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("unknown trunk 'carrier-z'; the trunks are: carrier-a, carrier-b, pbx, teams", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_and_configurations_exit_2()
    {
        ToolResult missing = await Explain("--config", Lab, "--from", "teams");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("needs --from TRUNK, --calling NUMBER and --called NUMBER", missing.Output, StringComparison.Ordinal);

        ToolResult badTime = await Explain("--config", Lab, "--from", "teams", "--calling", "+1", "--called", "+2", "--at", "tomorrow");
        Assert.True(badTime.ExitCode == 2, badTime.ToString());
        Assert.Contains("--at 'tomorrow' is not an ISO 8601 time", badTime.Output, StringComparison.Ordinal);

        ToolResult noTrunks = await Explain("--from", "teams", "--calling", "+1", "--called", "+2");
        Assert.True(noTrunks.ExitCode == 2, noTrunks.ToString());
        Assert.Contains("<embedded default> has no trunks", noTrunks.Output, StringComparison.Ordinal);

        string path = Path.Combine(Path.GetTempPath(), "palisade-explain-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        await File.WriteAllTextAsync(path, "trunks: [{ id: x }]\n");
        try
        {
            ToolResult broken = await Explain("--config", path, "--from", "x", "--calling", "+1", "--called", "+2");
            Assert.True(broken.ExitCode == 2, broken.ToString());
            Assert.Matches(new Regex(Regex.Escape(path) + @":1:\d+: trunk 'x' has no 'kind'"), broken.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
