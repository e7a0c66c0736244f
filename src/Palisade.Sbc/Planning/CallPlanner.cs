using System.Collections.Immutable;
using System.Net;
using Palisade.Routing.Engine;
using Palisade.Routing.Model;
using Palisade.Routing.State;

namespace Palisade.Sbc.Planning;

/// <summary>
/// The call path's use of the routing engine: the same <see cref="TrunkClassifier"/> and <see cref="Router"/> that
/// <c>palisade route explain</c> prints, without building the explanation, turned into a <see cref="CallPlan"/>.
/// </summary>
internal sealed class CallPlanner(RoutingState state)
{
    public static TrunkModel? Classify(PalisadeConfigModel config, string listenerName, IPAddress source) =>
        TrunkClassifier.Classify(config, listenerName, source).Trunk;

    public PlanResult Plan(PalisadeConfigModel config, TrunkModel source, string calling, string called, string? requestUriHost, string? displayName, DateTimeOffset at)
    {
        RouteDecision d = Router.Decide(config, new RouteQuery(source, calling, called, at, requestUriHost, displayName, Explain: false), state);
        if (!d.Routed)
            return PlanResult.Reject(d.RejectStatus, d.RejectReason ?? "not routed", d.RetryAfterSeconds);

        var targets = ImmutableArray.CreateBuilder<PlannedTarget>(d.Targets.Length);
        foreach (RouteTarget t in d.Targets)
        {
            if (!t.Skipped)
                targets.Add(Planned(t));
        }
        return new PlanResult(new CallPlan
        {
            Source = source,
            Tenant = d.Tenant,
            RouteId = d.Route?.Id,
            CallingE164 = d.CallingE164,
            CalledE164 = d.CalledE164,
            Targets = targets.ToImmutable(),
            ForwardOnFailure = d.ForwardOnFailure is { Skipped: false } f ? Planned(f) : null,
        }, 0, null, null);
    }

    private static PlannedTarget Planned(RouteTarget t) => new()
    {
        Trunk = t.Trunk,
        CalledOut = t.CalledOut,
        CallingOut = t.CallingOut,
        DisplayName = t.CallingDisplayName,
        FailoverCodes = t.FailoverCodes.IsDefaultOrEmpty ? t.Trunk.FailoverCodes : t.FailoverCodes,
        IsForwardOnFailure = t.IsForwardOnFailure,
        PricePerMinute = t.PricePerMinute,
    };
}
