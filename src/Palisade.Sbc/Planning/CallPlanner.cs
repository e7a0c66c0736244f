using System.Collections.Immutable;
using System.Net;
using Palisade.Routing.Model;

namespace Palisade.Sbc.Planning;

/// <summary>
/// Turns a routing decision into a <see cref="CallPlan"/>. TEMPORARY: a first-match router over the model until the
/// routing engine (Palisade.Routing.Engine) lands; replaced by a thin adapter over it.
/// </summary>
internal sealed class CallPlanner
{
    public TrunkModel? Classify(PalisadeConfigModel config, string listenerName, IPAddress source)
    {
        foreach (TrunkModel t in config.Trunks)
        {
            if (t.Listener is { } l && !string.Equals(l.Name, listenerName, StringComparison.Ordinal))
                continue;
            foreach (IPNetwork n in t.AllowFrom)
            {
                if (n.Contains(source))
                    return t;
            }
        }
        return null;
    }

    public PlanResult Plan(PalisadeConfigModel config, TrunkModel source, string calling, string called, string? requestUriHost, DateTimeOffset at)
    {
        _ = requestUriHost;
        _ = at;
        TenantModel? tenant = source.Tenant;
        if (tenant is null)
        {
            foreach (NumberModel n in config.Numbers)
            {
                if (n.Contains(called) || n.Contains(calling))
                {
                    tenant = n.Tenant;
                    break;
                }
            }
        }
        foreach (RouteModel r in config.Routes)
        {
            if (!r.From.IsEmpty && !r.From.Contains(source))
                continue;
            if (r.Tenant is not null && r.Tenant != tenant)
                continue;
            if (r.Called is not null && !r.Called.IsMatch(called))
                continue;
            if (r.Calling is not null && !r.Calling.IsMatch(calling))
                continue;
            var targets = ImmutableArray.CreateBuilder<PlannedTarget>();
            foreach (RouteTargetModel t in r.To)
                targets.Add(new PlannedTarget { Trunk = t.Trunk, CalledOut = called, CallingOut = calling, FailoverCodes = t.Trunk.FailoverCodes });
            PlannedTarget? fof = r.ForwardOnFailure is { } f
                ? new PlannedTarget { Trunk = f.Via, CalledOut = f.Number, CallingOut = calling, DisplayName = f.Label, FailoverCodes = f.Via.FailoverCodes, IsForwardOnFailure = true }
                : null;
            return new PlanResult(new CallPlan
            {
                Source = source, Tenant = tenant, RouteId = r.Id, CallingE164 = calling, CalledE164 = called,
                Targets = targets.ToImmutable(), ForwardOnFailure = fof,
            }, 0, null, null);
        }
        return PlanResult.Reject(404, "no route to " + called);
    }
}
