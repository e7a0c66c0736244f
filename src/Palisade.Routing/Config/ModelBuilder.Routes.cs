using System.Collections.Immutable;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

internal sealed partial class ModelBuilder
{
    private const string DefaultFailoverLabel = "Fail-over";

    private static readonly (string Word, RouteSelection Value)[] Selections =
        [("ordered", RouteSelection.Ordered), ("weighted", RouteSelection.Weighted), ("least-cost", RouteSelection.LeastCost)];

    private ImmutableArray<RouteModel> BuildRoutes(
        ImmutableArray<RouteConfig> configs,
        Dictionary<string, TenantModel> tenants,
        Dictionary<string, TrunkModel> trunks)
    {
        var routes = ImmutableArray.CreateBuilder<RouteModel>(configs.Length);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            if (config.Id is null)
            {
                continue;
            }

            var before = diagnostics.Count;
            var context = $"route '{config.Id.Value}'";
            var id = values.Id(config.Id, "route id", context);
            var unique = id is not null && Register(config.Id, seen, "route");

            var from = ImmutableArray.CreateBuilder<TrunkModel>();
            if (!config.From.IsDefault)
            {
                foreach (var source in config.From)
                {
                    if (!IsUnknown(source, trunkIds, "trunk", $"'from' of {context}") && trunks.TryGetValue(source.Value, out var trunk))
                    {
                        from.Add(trunk);
                    }
                }
            }

            TenantModel? tenant = null;
            if (config.Tenant is { } tenantRef && !IsUnknown(tenantRef, tenantIds, "tenant", context))
            {
                tenants.TryGetValue(tenantRef.Value, out tenant);
            }

            var called = config.Called is { } cd ? values.Pattern(cd, $"'called' of {context}") : null;
            var calling = config.Calling is { } cg ? values.Pattern(cg, $"'calling' of {context}") : null;
            var select = config.Select is { } sel ? values.Keyword(sel, "select", context, Selections) : RouteSelection.Ordered;
            var targets = BuildTargets(config, select, trunks, context);
            var forward = config.ForwardOnFailure is { } fof ? BuildForward(fof, trunks, context) : null;
            var priority = config.Priority is { } p ? values.Int(p, "priority", context, 0, 1_000_000) : RouteModel.DefaultPriority;
            var time = config.Time is { } t ? BuildTimeWindow(t, context) : null;
            ImmutableArray<int>? failoverCodes = config.FailoverCodes.IsDefault ? null : BuildFailoverCodes(config.FailoverCodes, context);

            if (diagnostics.Count > before || !unique || select is null || priority is null)
            {
                continue;
            }

            routes.Add(new RouteModel
            {
                Id = id!,
                From = from.ToImmutable(),
                Tenant = tenant,
                Called = called,
                Calling = calling,
                Select = select.Value,
                To = targets,
                ForwardOnFailure = forward,
                Priority = priority.Value,
                Time = time,
                FailoverCodes = failoverCodes,
            });
        }

        // OrderBy is stable: equal priorities keep the order written.
        return [.. routes.OrderBy(r => r.Priority)];
    }

    private ImmutableArray<RouteTargetModel> BuildTargets(RouteConfig config, RouteSelection? select, Dictionary<string, TrunkModel> trunks, string route)
    {
        if (config.To.IsDefault)
        {
            return [];
        }

        if (config.To.IsEmpty)
        {
            diagnostics.Add(config.Position, $"'to' of {route} is empty; list the trunks calls are sent to");
            return [];
        }

        var targets = ImmutableArray.CreateBuilder<RouteTargetModel>(config.To.Length);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in config.To)
        {
            if (target.Trunk is null)
            {
                continue;
            }

            var weight = target.Weight is { } w ? values.Int(w, "weight", $"'to' of {route}", 0, 65535) : 1;
            if (IsUnknown(target.Trunk, trunkIds, "trunk", $"'to' of {route}"))
            {
                continue;
            }

            if (!listed.Add(target.Trunk.Value))
            {
                diagnostics.Add(target.Trunk, $"trunk '{target.Trunk.Value}' is listed twice in 'to' of {route}");
                continue;
            }

            if (!trunks.TryGetValue(target.Trunk.Value, out var trunk) || weight is null)
            {
                continue;
            }

            if (select == RouteSelection.LeastCost && trunk.Rates is null)
            {
                diagnostics.Add(target.Trunk, $"{route} selects least-cost, but trunk '{trunk.Id}' has no rates");
            }

            targets.Add(new RouteTargetModel { Trunk = trunk, Weight = weight.Value });
        }

        if (select == RouteSelection.Weighted && targets.Count > 0 && targets.All(t => t.Weight == 0))
        {
            diagnostics.Add(config.Position, $"{route} selects weighted, but every target has weight 0");
        }

        return targets.ToImmutable();
    }

    private ForwardOnFailureModel? BuildForward(ForwardOnFailureConfig config, Dictionary<string, TrunkModel> trunks, string route)
    {
        var context = $"forward-on-failure of {route}";
        var number = config.Number is { } n ? values.E164(n, context) : null;
        TrunkModel? via = null;
        if (config.Via is { } viaRef && !IsUnknown(viaRef, trunkIds, "trunk", context))
        {
            trunks.TryGetValue(viaRef.Value, out via);
        }

        var label = config.Label?.Value ?? DefaultFailoverLabel;
        return number is null || via is null ? null : new ForwardOnFailureModel { Number = number, Via = via, Label = label };
    }
}
