using System.CommandLine;
using System.Globalization;
using Palisade.Routing.Config;
using Palisade.Routing.Engine;
using Palisade.Routing.Model;
using Palisade.Routing.State;

namespace Palisade.Server.Cli;

/// <summary>
/// <c>palisade route explain --from TRUNK --calling N --called N [--at TIME] [--config FILE] [--host HOST]</c>: the
/// decision the router would take for such a call (tenant, route, targets, numbers after rules, cost) and why, on a
/// fresh state (every trunk up, no calls). Exit 0 when routed, 1 when refused, 2 on a bad configuration or argument.
/// </summary>
internal static class RouteExplainCommand
{
    public const int Routed = 0;
    public const int NotRouted = 1;
    public const int BadInput = 2;

    public static Command Create()
    {
        // Checked in Run rather than with Required, so a missing one exits 2 like every other bad argument.
        var from = new Option<string?>("--from") { Description = "Source trunk id (required)" };
        var calling = new Option<string?>("--calling") { Description = "Calling number as the trunk sends it (required)" };
        var called = new Option<string?>("--called") { Description = "Called number as the trunk sends it (required)" };
        var at = new Option<string?>("--at") { Description = "When the call arrives, ISO 8601 (e.g. 2025-06-02T09:30:00+01:00; UTC without an offset); now when absent" };
        var config = new Option<FileInfo?>("--config", "-c") { Description = "Configuration file (palisade.yaml); the embedded default when absent" };
        var host = new Option<string?>("--host") { Description = "Request-URI host of a call from Teams (the tenant's SBC FQDN)" };
        var name = new Option<string?>("--name") { Description = "Caller display name (shown with the forward-on-failure label)" };
        var seed = new Option<int?>("--seed") { Description = "Random seed for weighted selection, for a repeatable answer" };
        var explain = new Command("explain", "Show which route, trunks, number rewrites and cost a call would get, and why")
        {
            from, calling, called, at, config, host, name, seed,
        };
        explain.SetAction(parse => Run(
            new Request(parse.GetValue(from), parse.GetValue(calling), parse.GetValue(called), parse.GetValue(at),
                parse.GetValue(config), parse.GetValue(host), parse.GetValue(name), parse.GetValue(seed)),
            Console.Out,
            Console.Error,
            TimeProvider.System));
        return new Command("route", "Routing tools") { explain };
    }

    internal sealed record Request(string? From, string? Calling, string? Called, string? At, FileInfo? Config, string? Host, string? Name, int? Seed);

    public static int Run(Request request, TextWriter output, TextWriter errors, TimeProvider clock)
    {
        if (request.From is null || request.Calling is null || request.Called is null)
        {
            errors.WriteLine("route explain needs --from TRUNK, --calling NUMBER and --called NUMBER");
            return BadInput;
        }

        DateTimeOffset when = clock.GetUtcNow();
        if (request.At is { } atText
            && !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out when))
        {
            errors.WriteLine($"--at '{atText}' is not an ISO 8601 time such as 2025-06-02T09:30:00+01:00");
            return BadInput;
        }

        PalisadeConfigModel model;
        if (request.Config is null)
        {
            model = PalisadeConfigModel.EmbeddedDefault;
        }
        else
        {
            ConfigLoadResult loaded = ConfigLoader.LoadFile(request.Config.FullName);
            if (loaded.Model is null)
            {
                foreach (ConfigError e in loaded.Errors)
                    errors.WriteLine(e.ToString());
                errors.WriteLine($"{request.Config.FullName}: configuration refused");
                return BadInput;
            }
            model = loaded.Model;
        }

        if (!model.TrunksById.TryGetValue(request.From, out TrunkModel? trunk))
        {
            errors.WriteLine(model.Trunks.IsEmpty
                ? $"unknown trunk '{request.From}': {model.Source} has no trunks"
                : $"unknown trunk '{request.From}'; the trunks are: {string.Join(", ", model.Trunks.Select(t => t.Id))}");
            return BadInput;
        }

        var query = new RouteQuery(trunk, request.Calling, request.Called, when, request.Host, request.Name, request.Seed);
        RouteDecision decision = Router.Decide(model, query, new RoutingState(clock));
        Print(decision, when, output);
        return decision.Routed ? Routed : NotRouted;
    }

    private static void Print(RouteDecision decision, DateTimeOffset when, TextWriter output)
    {
        output.WriteLine($"Call at {when.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}:");
        foreach (string line in decision.Explanation)
            output.WriteLine("  " + line);

        var rows = new List<string[]> { new[] { "#", "trunk", "status", "called out", "calling out", "price" } };
        bool anyUsable = false;
        for (int i = 0; i < decision.Targets.Length; i++)
        {
            RouteTarget target = decision.Targets[i];
            anyUsable |= !target.Skipped;
            rows.Add(Row((i + 1).ToString(CultureInfo.InvariantCulture), target, target.Skipped ? "skipped: " : decision.Routed ? "try: " : "not used: "));
        }
        if (decision.ForwardOnFailure is { } fof)
        {
            // Forward-on-failure is tried only once every target has failed.
            string status = fof.Skipped ? "skipped: " : !decision.Routed ? "not used: " : anyUsable ? "after failures: " : "try: ";
            rows.Add(Row("fof", fof, status));
        }
        if (rows.Count > 1)
        {
            output.WriteLine();
            output.WriteLine("Targets:");
            int[] widths = new int[rows[0].Length];
            foreach (string[] row in rows)
            {
                for (int c = 0; c < row.Length; c++)
                    widths[c] = Math.Max(widths[c], row[c].Length);
            }
            foreach (string[] row in rows)
            {
                var cells = new string[row.Length];
                for (int c = 0; c < row.Length; c++)
                    cells[c] = c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c]);
                output.WriteLine("  " + string.Join("  ", cells).TrimEnd());
            }
        }

        output.WriteLine();
        output.WriteLine(decision.Routed
            ? $"Result: routed by route {decision.Route?.Id}" + (decision.Tenant is { } t ? $" for tenant {t.Id}" : "")
            : $"Result: refused with {decision.RejectStatus} {decision.RejectReason}"
              + (decision.RetryAfterSeconds is { } retry ? $" (Retry-After {retry}s)" : ""));
    }

    private static string[] Row(string position, RouteTarget target, string status) =>
    [
        position,
        target.Trunk.Id,
        status + target.Reason,
        target.CalledOut,
        target.CallingOut + (target.CallingDisplayName is { } name ? $" \"{name}\"" : ""),
        target.PricePerMinute is { } price ? Router.Money(price, target.Currency!) + "/min" : "-",
    ];
}
