using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Palisade.Routing.Model;
using Palisade.Routing.State;

namespace Palisade.Routing.Engine;

/// <summary>
/// Routing decisions: a pure function of (configuration snapshot, query, state view). No I/O, no clock (time comes
/// from the query), nothing shared is changed; taking capacity is the caller's job
/// (<see cref="TenantState.TryAdmit"/>, <see cref="TrunkState.TryAcquire(TrunkModel)"/>).
/// </summary>
public static partial class Router
{
    /// <summary>Retry-After on a 503 when no target is usable: long enough for a probe round to notice a recovery.</summary>
    public const int RetryAfterNoTargetSeconds = 30;

    /// <summary>
    /// In order: the source trunk's <c>in</c> rules make the numbers E.164; the tenant is found (the source trunk's
    /// own, else for calls from Teams/ACS the Teams FQDN in the Request-URI or the calling number's owner, else the
    /// called number's owner); the first route by priority and written order whose source, tenant, numbers and time
    /// window match is taken; its targets are ordered (as written, weighted, or cheapest first) and marked skipped
    /// when down, full, or unable to take the number; each target gets the numbers after its <c>out</c> rules.
    /// A tenant already carrying its <see cref="TenantModel.MaxCalls"/> is refused here (so explain shows it): decide
    /// first, then <see cref="TenantState.TryAdmit"/> the call, or a call already admitted would count against itself.
    /// </summary>
    public static RouteDecision Decide(PalisadeConfigModel config, in RouteQuery query, IRoutingStateView state)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(query.From);
        ArgumentNullException.ThrowIfNull(query.Calling);
        ArgumentNullException.ThrowIfNull(query.Called);

        var from = query.From;
        // Explaining costs a few strings per route considered; the B2BUA can turn it off on its per-call path.
        var explain = query.Explain ? ImmutableArray.CreateBuilder<string>() : null;
        explain?.Add($"source: trunk {from.Id} ({KindName(from.Kind)})");

        var calling = NumberRules.Apply(from.NumberRulesIn, NumberField.Calling, query.Calling);
        var called = NumberRules.Apply(from.NumberRulesIn, NumberField.Called, query.Called);
        explain?.Add(Rewritten("calling", query.Calling, calling, from.Id, "in"));
        explain?.Add(Rewritten("called", query.Called, called, from.Id, "in"));
        var decision = new Draft(calling, called, explain);

        if (called.Length == 0)
        {
            return decision.Reject(484, "the called number is empty");
        }

        var tenant = FindTenant(config, query, calling, called, explain, out var number);
        decision.Tenant = tenant;
        decision.Number = number;
        if (tenant is not null)
        {
            if (!tenant.Enabled)
            {
                return decision.Reject(403, $"tenant {tenant.Id} is disabled");
            }

            // TenantState.TryAdmit is the authority; checking here too lets explain and the route tester show it.
            if (tenant.MaxCalls is { } max && state.ActiveCalls(tenant) >= max)
            {
                return decision.Reject(503, $"tenant {tenant.Id} at its limit of {max} concurrent calls", TenantState.RetryAfterCallsSeconds);
            }
        }

        decision.Route = FindRoute(config, from, decision.Tenant, calling, called, query.At, explain);
        if (decision.Route is not { } route)
        {
            explain?.Add(config.Routes.IsEmpty ? "no route is configured" : $"none of the {config.Routes.Length} routes matches");
            return decision.Reject(404, $"No route to {called}");
        }

        return ChooseTargets(config, query, state, route, decision);
    }

    /// <summary>
    /// The tenant of the call and the inventory entry that tells: the source trunk's own tenant first; for calls
    /// from Teams/ACS the tenant whose Teams FQDN is the Request-URI host, else the owner of the calling number; for
    /// calls from carriers and PBXs the owner of the called number.
    /// </summary>
    private static TenantModel? FindTenant(
        PalisadeConfigModel config,
        in RouteQuery query,
        string calling,
        string called,
        ImmutableArray<string>.Builder? explain,
        out NumberModel? number)
    {
        var from = query.From;
        var fromTeams = from.Kind is TrunkKind.Teams or TrunkKind.Acs;
        var role = fromTeams ? "calling" : "called";
        var subject = fromTeams ? calling : called;
        var entry = config.FindNumber(subject);

        TenantModel? tenant = null;
        if (from.Tenant is { } owner)
        {
            tenant = owner;
            explain?.Add($"tenant: {owner.Id} (owner of trunk {from.Id})");
        }
        else if (fromTeams && query.RequestUriHost is { } host && config.FindTenantByTeamsFqdn(host) is { } byHost)
        {
            tenant = byHost;
            explain?.Add($"tenant: {byHost.Id} (Teams FQDN {byHost.TeamsFqdn} in the Request-URI)");
        }
        else if (entry is not null)
        {
            tenant = entry.Tenant;
            explain?.Add($"tenant: {tenant.Id} (owner of the {role} number, {Describe(entry)})");
        }
        else if (explain is not null)
        {
            var hostNote = fromTeams && query.RequestUriHost is { } unknownHost ? $"Request-URI host {unknownHost} is no tenant's Teams FQDN and " : "";
            explain.Add($"tenant: none ({hostNote}the {role} number {subject} is not in the number inventory)");
        }

        number = null;
        if (entry is null)
        {
            if (tenant is not null)
            {
                explain?.Add($"{role} number {subject} is not in the number inventory");
            }
        }
        else if (tenant is null || ReferenceEquals(entry.Tenant, tenant) || entry.Tenant.Id == tenant.Id)
        {
            number = entry;
            if (entry.User is { } user)
            {
                explain?.Add($"{role} number {subject} is {user}'s ({ConnectivityName(entry.Connectivity)})");
            }
        }
        else
        {
            explain?.Add($"{role} number {subject} belongs to tenant {entry.Tenant.Id}, not {tenant.Id}: its inventory entry is not used");
        }

        return tenant;
    }

    private static RouteModel? FindRoute(
        PalisadeConfigModel config,
        TrunkModel from,
        TenantModel? tenant,
        string calling,
        string called,
        DateTimeOffset at,
        ImmutableArray<string>.Builder? explain)
    {
        foreach (var route in config.Routes)
        {
            var miss = Check(route, from, tenant, calling, called, at);
            if (miss == Miss.None)
            {
                explain?.Add($"route {route.Id} (priority {route.Priority}): matches");
                return route;
            }

            explain?.Add($"route {route.Id} (priority {route.Priority}): no, {Why(miss, route, from, tenant, calling, called, at)}");
        }

        return null;
    }

    /// <summary>Whether the route takes the call, and if not the first condition that fails (the text is built only when explaining).</summary>
    private static Miss Check(RouteModel route, TrunkModel from, TenantModel? tenant, string calling, string called, DateTimeOffset at)
    {
        if (!route.From.IsDefaultOrEmpty && !Contains(route.From, from))
        {
            return Miss.From;
        }

        if (route.Tenant is { } wanted)
        {
            if (tenant is null)
            {
                return Miss.NoTenant;
            }

            if (!string.Equals(tenant.Id, wanted.Id, StringComparison.Ordinal))
            {
                return Miss.OtherTenant;
            }
        }

        if (route.Called is { } calledPattern && !IsMatch(calledPattern, called, out var calledTimedOut))
        {
            return calledTimedOut ? Miss.CalledTimedOut : Miss.Called;
        }

        if (route.Calling is { } callingPattern && !IsMatch(callingPattern, calling, out var callingTimedOut))
        {
            return callingTimedOut ? Miss.CallingTimedOut : Miss.Calling;
        }

        if (route.Time is { } window && !window.Contains(at))
        {
            return Miss.Time;
        }

        return Miss.None;
    }

    private static string Why(Miss miss, RouteModel route, TrunkModel from, TenantModel? tenant, string calling, string called, DateTimeOffset at)
    {
        switch (miss)
        {
            case Miss.From:
                return $"source trunk {from.Id} is not in its from [{Ids(route.From)}]";
            case Miss.NoTenant:
                return $"it is for tenant {route.Tenant!.Id} and the call has no tenant";
            case Miss.OtherTenant:
                return $"it is for tenant {route.Tenant!.Id}, the call is tenant {tenant!.Id}'s";
            case Miss.Called:
                return $"called {called} does not match '{route.Called}'";
            case Miss.CalledTimedOut:
                return $"its called pattern '{route.Called}' timed out on {called}";
            case Miss.Calling:
                return $"calling {calling} does not match '{route.Calling}'";
            case Miss.CallingTimedOut:
                return $"its calling pattern '{route.Calling}' timed out on {calling}";
            default:
                var window = route.Time!;
                var local = TimeZoneInfo.ConvertTime(at, window.Zone);
                return $"outside its time window {window} (it is {DayMasks.Names[(int)local.DayOfWeek]} {local:HH:mm} there)";
        }
    }

    private static bool Contains(ImmutableArray<TrunkModel> trunks, TrunkModel trunk)
    {
        foreach (var t in trunks)
        {
            if (ReferenceEquals(t, trunk) || string.Equals(t.Id, trunk.Id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A pattern that times out (the model's regexes carry a match timeout) does not match.</summary>
    private static bool IsMatch(Regex pattern, string text, out bool timedOut)
    {
        timedOut = false;
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return false;
        }
    }

    private enum Miss
    {
        None,
        From,
        NoTenant,
        OtherTenant,
        Called,
        CalledTimedOut,
        Calling,
        CallingTimedOut,
        Time,
    }

    /// <summary>The decision under construction; Reject and Build finish it.</summary>
    private sealed class Draft(string calling, string called, ImmutableArray<string>.Builder? explain)
    {
        public string Calling { get; } = calling;

        public string Called { get; } = called;

        /// <summary>Null when the query asked for no explanation.</summary>
        public ImmutableArray<string>.Builder? Explain { get; } = explain;

        public TenantModel? Tenant { get; set; }

        public NumberModel? Number { get; set; }

        public RouteModel? Route { get; set; }

        public RouteDecision Reject(int status, string reason, int? retryAfter = null)
        {
            Explain?.Add(retryAfter is { } seconds
                ? $"rejected: {status} {reason} (Retry-After {seconds}s)"
                : $"rejected: {status} {reason}");
            return new RouteDecision
            {
                Routed = false,
                RejectStatus = status,
                RejectReason = reason,
                RetryAfterSeconds = retryAfter,
                Tenant = Tenant,
                Number = Number,
                User = Number?.User,
                CallingE164 = Calling,
                CalledE164 = Called,
                Route = Route,
                Targets = [],
                Explanation = Explain?.ToImmutable() ?? [],
            };
        }

        public RouteDecision Reject(int status, string reason, int? retryAfter, ImmutableArray<RouteTarget> targets, RouteTarget? forward) =>
            Reject(status, reason, retryAfter) with { Targets = targets, ForwardOnFailure = forward };

        public RouteDecision Build(ImmutableArray<RouteTarget> targets, RouteTarget? forward)
        {
            return new RouteDecision
            {
                Routed = true,
                Tenant = Tenant,
                Number = Number,
                User = Number?.User,
                CallingE164 = Calling,
                CalledE164 = Called,
                Route = Route,
                Targets = targets,
                ForwardOnFailure = forward,
                Explanation = Explain?.ToImmutable() ?? [],
            };
        }
    }
}
