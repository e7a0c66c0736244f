using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>Sentences of <see cref="RouteDecision.Explanation"/>.</summary>
public static partial class Router
{
    public static string KindName(TrunkKind kind) => kind switch
    {
        TrunkKind.Teams => "teams",
        TrunkKind.Acs => "acs",
        TrunkKind.Carrier => "carrier",
        _ => "pbx",
    };

    public static string ConnectivityName(NumberConnectivity connectivity) => connectivity switch
    {
        NumberConnectivity.DirectRouting => "direct-routing",
        NumberConnectivity.OperatorConnect => "operator-connect",
        _ => "calling-plan",
    };

    /// <summary>"0.0040 USD": at least four decimals (per-minute prices are fractions of a cent), more when the deck has them.</summary>
    public static string Money(decimal amount, string currency) =>
        amount.ToString("0.0000####", CultureInfo.InvariantCulture) + " " + currency;

    private static string Rewritten(string role, string before, string after, string trunk, string direction) =>
        string.Equals(before, after, StringComparison.Ordinal)
            ? $"{role} number: {after}"
            : $"{role} number: {before} -> {after} (number-rules {direction} of {trunk})";

    private static string Describe(NumberModel entry) =>
        entry.IsRange ? $"in range {entry.First}..{entry.Last}" : "listed on its own";

    private static string Ids(ImmutableArray<TrunkModel> trunks)
    {
        var text = new StringBuilder();
        foreach (var trunk in trunks)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(trunk.Id);
        }

        return text.ToString();
    }

    /// <summary>"target 1: carrier-b, cheapest: 0.0050 USD/min; called +44… -> 0044…, calling …"; position 0 = forward-on-failure.</summary>
    private static string TargetLine(int position, RouteTarget target)
    {
        var text = new StringBuilder();
        text.Append(position == 0 ? "forward-on-failure" : "target " + position.ToString(CultureInfo.InvariantCulture))
            .Append(": ").Append(target.Trunk.Id).Append(", ")
            .Append(target.Skipped ? "skipped: " : "").Append(target.Reason)
            .Append("; called ").Append(target.CalledOut)
            .Append(", calling ").Append(target.CallingOut);
        if (target.CallingDisplayName is { } name)
        {
            text.Append(" \"").Append(name).Append('"');
        }

        if (target.PricePerMinute is { } price && target.Reason.IndexOf("/min", StringComparison.Ordinal) < 0)
        {
            text.Append(", ").Append(Money(price, target.Currency!)).Append("/min");
        }

        return text.ToString();
    }

    private static string CostLine(RouteTarget target, string number) =>
        target.PricePerMinute is { } price
            ? $"expected cost: {Money(price, target.Currency!)}/min via {target.Trunk.Id}"
            : target.Trunk.Rates is null
                ? $"expected cost: unknown (trunk {target.Trunk.Id} has no rates)"
                : $"expected cost: unknown (trunk {target.Trunk.Id} has no rate for {number})";
}
