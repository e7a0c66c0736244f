using System.Collections.Immutable;
using System.Text;
using Palisade.Routing.Model;
using Palisade.Routing.State;

namespace Palisade.Routing.Engine;

public static partial class Router
{
    private const string DownReason = "down (probe or Retry-After hold)";

    private static RouteDecision ChooseTargets(PalisadeConfigModel config, in RouteQuery query, IRoutingStateView state, RouteModel route, Draft decision)
    {
        var explain = decision.Explain;
        var targets = route.To.IsDefault ? [] : route.To;
        var n = targets.Length;

        // Facts per target, in written order.
        var prices = new decimal?[n];
        var skips = new string?[n];
        var permanent = new bool[n];
        NumberModel? calledEntry = null;
        var calledLooked = false;
        for (var i = 0; i < n; i++)
        {
            var trunk = targets[i].Trunk;
            prices[i] = trunk.Rates is { } rates && rates.TryGetPrice(decision.Called, out var price) ? price : null;
            if (trunk.Kind is TrunkKind.Teams or TrunkKind.Acs)
            {
                if (!calledLooked)
                {
                    calledEntry = config.FindNumber(decision.Called);
                    calledLooked = true;
                }

                skips[i] = TeamsReason(trunk, decision, calledEntry);
                permanent[i] = skips[i] is not null;
            }

            skips[i] ??= CapacityReason(trunk, state);
        }

        var order = Order(route, targets, prices, skips, query.RandomSeed, out var weightedPick);

        var built = ImmutableArray.CreateBuilder<RouteTarget>(n);
        var usable = 0;
        RouteTarget? first = null;
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            var model = targets[i];
            var trunk = model.Trunk;
            var skipped = skips[i] is not null;
            var reason = skips[i] ?? UsedReason(route, model, k, prices[i], trunk, decision.Called, weightedPick);
            var target = new RouteTarget
            {
                Trunk = trunk,
                Skipped = skipped,
                Reason = reason,
                CalledOut = NumberRules.Apply(trunk.NumberRulesOut, NumberField.Called, decision.Called),
                CallingOut = NumberRules.Apply(trunk.NumberRulesOut, NumberField.Calling, decision.Calling),
                PricePerMinute = prices[i],
                Currency = prices[i] is null ? null : trunk.Rates!.Currency,
                FailoverCodes = route.FailoverCodes ?? trunk.FailoverCodes,
            };
            built.Add(target);
            if (!skipped)
            {
                usable++;
                first ??= target;
            }

            explain?.Add(TargetLine(k + 1, target));
        }

        var list = built.MoveToImmutable();
        if (first is null && n > 0 && Array.TrueForAll(permanent, static p => p))
        {
            // No target can ever take this number: a permanent answer, and no forward-on-failure (nothing failed).
            return decision.Reject(404, skips[order[0]]!, null, list, null);
        }

        var forward = route.ForwardOnFailure is { } fof ? ForwardTarget(fof, query, decision, state) : null;
        if (forward is not null)
        {
            explain?.Add(TargetLine(0, forward));
        }

        if (first is not null)
        {
            explain?.Add(CostLine(first, decision.Called));
            explain?.Add($"routed: {usable} of {n} target{(n == 1 ? "" : "s")} to try, first {first.Trunk.Id}"
                + (forward is { Skipped: false } ? $", then forward-on-failure to {forward.CalledOut} via {forward.Trunk.Id}" : ""));
            return decision.Build(list, forward);
        }

        if (forward is { Skipped: false })
        {
            explain?.Add(CostLine(forward, forward.CalledOut));
            explain?.Add($"routed: every target is skipped, so straight to forward-on-failure {forward.CalledOut} via {forward.Trunk.Id}");
            return decision.Build(list, forward);
        }

        return decision.Reject(503, NoTargetReason(decision.Called, route, list, forward), RetryAfterNoTargetSeconds, list, forward);
    }

    /// <summary>Why a Teams/ACS target cannot take the called number (null when it can): it must be a Direct Routing number of the call's tenant.</summary>
    private static string? TeamsReason(TrunkModel trunk, Draft decision, NumberModel? entry)
    {
        if (entry is null)
        {
            return $"{decision.Called} is not in the number inventory";
        }

        if (entry.Connectivity != NumberConnectivity.DirectRouting)
        {
            return $"{decision.Called} is not a Direct Routing number ({ConnectivityName(entry.Connectivity)})";
        }

        if (decision.Tenant is not { } tenant)
        {
            return $"{decision.Called} belongs to tenant {entry.Tenant.Id}, and the call has no tenant";
        }

        if (entry.Tenant.Id != tenant.Id)
        {
            return $"{decision.Called} belongs to tenant {entry.Tenant.Id}, not to the call's tenant {tenant.Id}";
        }

        if (trunk.Kind == TrunkKind.Teams && tenant.TeamsFqdn is null)
        {
            return $"tenant {tenant.Id} has no teams-fqdn";
        }

        return null;
    }

    /// <summary>"down …" or "full (50/50 calls)"; null when the trunk can take a call now.</summary>
    private static string? CapacityReason(TrunkModel trunk, IRoutingStateView state)
    {
        if (!state.IsUp(trunk))
        {
            return DownReason;
        }

        if (state.HasCapacity(trunk))
        {
            return null;
        }

        var active = state.ActiveCalls(trunk);
        if (trunk.MaxCalls is { } max && active >= max)
        {
            return $"full ({active}/{max} calls)";
        }

        return trunk.MaxCallsPerSecond is { } cps ? $"full ({cps} calls per second)" : "full";
    }

    /// <summary>Try order as indexes into the route's targets.</summary>
    private static int[] Order(RouteModel route, ImmutableArray<RouteTargetModel> targets, decimal?[] prices, string?[] skips, int? seed, out int weightedPick)
    {
        var n = targets.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        weightedPick = -1;
        switch (route.Select)
        {
            case RouteSelection.LeastCost:
                // Stable insertion sort (a handful of targets): cheaper first, no price last, ties as written.
                for (var i = 1; i < n; i++)
                {
                    var current = order[i];
                    var j = i - 1;
                    while (j >= 0 && Cheaper(prices[current], prices[order[j]]))
                    {
                        order[j + 1] = order[j];
                        j--;
                    }

                    order[j + 1] = current;
                }

                break;

            case RouteSelection.Weighted:
                weightedPick = WeightedPick(targets, skips, seed);
                // The pick first, then the rest by weight, heaviest first, ties as written.
                for (var i = 1; i < n; i++)
                {
                    var current = order[i];
                    var j = i - 1;
                    while (j >= 0 && Before(current, order[j], targets, weightedPick))
                    {
                        order[j + 1] = order[j];
                        j--;
                    }

                    order[j + 1] = current;
                }

                break;
        }

        return order;

        static bool Cheaper(decimal? a, decimal? b) => a is { } x && (b is not { } y || x < y);

        static bool Before(int a, int b, ImmutableArray<RouteTargetModel> targets, int pick) =>
            a == pick || (b != pick && targets[a].Weight > targets[b].Weight);
    }

    /// <summary>
    /// A random target among the usable ones, each with a chance of its weight over their total; -1 when none has
    /// weight. Picking among usable targets only keeps a down target's share spread by weight, rather than all of it
    /// falling to the next in line.
    /// </summary>
    private static int WeightedPick(ImmutableArray<RouteTargetModel> targets, string?[] skips, int? seed)
    {
        var total = 0L;
        for (var i = 0; i < targets.Length; i++)
        {
            if (skips[i] is null)
            {
                total += targets[i].Weight;
            }
        }

        if (total == 0)
        {
            return -1;
        }

        // Random.Shared is thread-safe; a seed gives a repeatable choice (tests, explain --seed).
        var roll = seed is { } s ? new Random(s).NextInt64(total) : Random.Shared.NextInt64(total);
        for (var i = 0; i < targets.Length; i++)
        {
            if (skips[i] is not null)
            {
                continue;
            }

            roll -= targets[i].Weight;
            if (roll < 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string UsedReason(RouteModel route, RouteTargetModel model, int position, decimal? price, TrunkModel trunk, string called, int weightedPick)
    {
        switch (route.Select)
        {
            case RouteSelection.LeastCost:
                if (price is not { } p)
                {
                    return $"no rate for {called}";
                }

                return position == 0 ? $"cheapest: {Money(p, trunk.Rates!.Currency)}/min" : $"{Money(p, trunk.Rates!.Currency)}/min";

            case RouteSelection.Weighted:
                var total = 0L;
                foreach (var t in route.To)
                {
                    total += t.Weight;
                }

                return weightedPick >= 0 && ReferenceEquals(route.To[weightedPick], model)
                    ? $"weighted pick (weight {model.Weight} of {total})"
                    : $"weight {model.Weight} of {total}";

            default:
                return $"#{position + 1} in written order";
        }
    }

    /// <summary>The route's last resort: the forward number after the via trunk's out rules, the caller's name labelled.</summary>
    private static RouteTarget ForwardTarget(ForwardOnFailureModel fof, in RouteQuery query, Draft decision, IRoutingStateView state)
    {
        var via = fof.Via;
        var name = query.CallingDisplayName;
        var display = string.IsNullOrEmpty(fof.Label) ? name
            : string.IsNullOrEmpty(name) ? fof.Label
            : fof.Label + " " + name;
        decimal? price = via.Rates is { } rates && rates.TryGetPrice(fof.Number, out var p) ? p : null;
        var skip = CapacityReason(via, state);
        return new RouteTarget
        {
            Trunk = via,
            Skipped = skip is not null,
            Reason = skip ?? $"forward-on-failure to {fof.Number} labelled '{fof.Label}'",
            CalledOut = NumberRules.Apply(via.NumberRulesOut, NumberField.Called, fof.Number),
            CallingOut = NumberRules.Apply(via.NumberRulesOut, NumberField.Calling, decision.Calling),
            CallingDisplayName = display,
            PricePerMinute = price,
            Currency = price is null ? null : via.Rates!.Currency,
            FailoverCodes = via.FailoverCodes,
            IsForwardOnFailure = true,
        };
    }

    private static string NoTargetReason(string called, RouteModel route, ImmutableArray<RouteTarget> targets, RouteTarget? forward)
    {
        var text = new StringBuilder("no usable target for ").Append(called).Append(" on route ").Append(route.Id);
        var separator = ": ";
        foreach (var target in targets)
        {
            text.Append(separator).Append(target.Trunk.Id).Append(' ').Append(target.Reason);
            separator = ", ";
        }

        if (forward is not null)
        {
            text.Append(separator).Append("forward-on-failure via ").Append(forward.Trunk.Id).Append(' ').Append(forward.Reason);
        }

        return text.ToString();
    }
}
