using System.Collections.Immutable;

namespace Palisade.Routing.Config;

internal sealed partial class ConfigReader
{
    private RouteConfig ReadRoute(ConfigMapping mapping, int index)
    {
        var r = new MappingReader(mapping, $"route #{index}", diagnostics,
            "id", "from", "tenant", "called", "calling", "select", "to", "forward-on-failure", "priority", "time", "failover-codes");
        var id = r.RequiredScalar("id");
        r.Context = Name("route", id, index);
        var context = r.Context;

        // Default (not empty) when absent or of the wrong type: both are reported here.
        var targets = default(ImmutableArray<RouteTargetConfig>);
        if (!r.Has("to"))
        {
            diagnostics.Add(r.Position, $"{context} has no 'to'; list the trunks calls are sent to");
        }
        else
        {
            targets = ReadTargets(r.Node("to")!, context);
        }

        ForwardOnFailureConfig? forward = null;
        if (r.MappingValue("forward-on-failure") is { } fof)
        {
            var f = new MappingReader(fof, $"forward-on-failure of {context}", diagnostics, "number", "via", "label");
            forward = new ForwardOnFailureConfig(
                f.RequiredScalar("number", "; expected an E.164 number such as \"+14255550999\""),
                f.RequiredScalar("via", "; name the trunk that carries the forwarded call"),
                f.Scalar("label"),
                f.Position);
            f.Finish();
        }

        var route = new RouteConfig
        {
            Position = r.Position,
            Id = id,
            From = r.ScalarList("from"),
            Tenant = r.Scalar("tenant"),
            Called = r.Scalar("called"),
            Calling = r.Scalar("calling"),
            Select = r.Scalar("select"),
            To = targets,
            ForwardOnFailure = forward,
            Priority = r.Scalar("priority"),
            Time = r.MappingValue("time") is { } time ? ReadTimeWindow(time, context) : null,
            FailoverCodes = r.ScalarList("failover-codes"),
        };
        r.Finish();
        return route;
    }

    private TimeWindowConfig ReadTimeWindow(ConfigMapping mapping, string route)
    {
        var r = new MappingReader(mapping, $"the time window of {route}", diagnostics, "days", "from", "to", "zone");
        var window = new TimeWindowConfig(r.ScalarList("days"), r.Scalar("from"), r.Scalar("to"), r.Scalar("zone"), r.Position);
        r.Finish();
        return window;
    }

    /// <summary><c>to: teams</c>, <c>to: [a, b]</c> or <c>to: [{ trunk: a, weight: 70 }, …]</c>.</summary>
    private ImmutableArray<RouteTargetConfig> ReadTargets(ConfigNode node, string route)
    {
        switch (node)
        {
            case ConfigScalar { IsNull: false } single:
                return [new RouteTargetConfig(single, null, single.Position)];
            case ConfigSequence sequence:
                var targets = ImmutableArray.CreateBuilder<RouteTargetConfig>(sequence.Items.Length);
                foreach (var item in sequence.Items)
                {
                    switch (item)
                    {
                        case ConfigScalar { IsNull: false } trunk:
                            targets.Add(new RouteTargetConfig(trunk, null, trunk.Position));
                            break;
                        case ConfigMapping mapping:
                            var t = new MappingReader(mapping, $"a target of {route}", diagnostics, "trunk", "weight");
                            targets.Add(new RouteTargetConfig(t.RequiredScalar("trunk"), t.Scalar("weight"), t.Position));
                            t.Finish();
                            break;
                        default:
                            diagnostics.Add(item, $"each item of 'to' in {route} must be a trunk id or {{ trunk, weight }}, but this one is {item.KindName}");
                            break;
                    }
                }

                return targets.ToImmutable();
            default:
                diagnostics.Add(node, $"'to' in {route} must be a list of trunk ids, but it is {node.KindName}");
                return default;
        }
    }
}
