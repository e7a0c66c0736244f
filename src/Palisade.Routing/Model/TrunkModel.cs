using System.Collections.Immutable;
using System.Net;

namespace Palisade.Routing.Model;

/// <summary>A SIP peer: Teams, ACS, a carrier or a PBX.</summary>
public sealed record TrunkModel
{
    private readonly ContactHostMode? contactHost;

    public required string Id { get; init; }

    public required TrunkKind Kind { get; init; }

    /// <summary>Owning tenant; null = shared by all tenants.</summary>
    public TenantModel? Tenant { get; init; }

    /// <summary>Listener the trunk sends from and is expected on; null = any listener of the endpoint's transport.</summary>
    public ListenerModel? Listener { get; init; }

    /// <summary>In the order written.</summary>
    public required ImmutableArray<EndpointModel> Endpoints { get; init; }

    /// <summary>Source networks requests from this trunk may come from; empty only with <see cref="TrunkAuthModel.ChallengeInbound"/> (any source that passes the digest challenge).</summary>
    public required ImmutableArray<IPNetwork> AllowFrom { get; init; }

    public required ProbeModel Probe { get; init; }

    public required TrunkMediaModel Media { get; init; }

    /// <summary>Final responses on which the next target is tried.</summary>
    public required ImmutableArray<int> FailoverCodes { get; init; }

    /// <summary>Null when the trunk has no rate deck (such a trunk cannot be a least-cost target).</summary>
    public RateDeckModel? Rates { get; init; }

    // Members below have defaults so that a trunk built in code (tests, the API) needs only the keys above.

    /// <summary>Concurrent calls through this trunk (both directions); null = unlimited.</summary>
    public int? MaxCalls { get; init; }

    /// <summary>New calls per second through this trunk (both directions); null = unlimited.</summary>
    public int? MaxCallsPerSecond { get; init; }

    /// <summary>Time from sending an INVITE to the first provisional answer; after it the next target is tried.</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rewrite numbers received from this trunk into E.164 (first matching rule per field).</summary>
    public ImmutableArray<NumberRuleModel> NumberRulesIn { get; init; } = [];

    /// <summary>Rewrite E.164 numbers into the form this trunk wants (first matching rule per field).</summary>
    public ImmutableArray<NumberRuleModel> NumberRulesOut { get; init; } = [];

    /// <summary>Header manipulation of requests received from this trunk, in order.</summary>
    public ImmutableArray<HeaderRuleModel> HeaderRulesIn { get; init; } = [];

    /// <summary>Header manipulation of requests sent to this trunk, in order.</summary>
    public ImmutableArray<HeaderRuleModel> HeaderRulesOut { get; init; } = [];

    /// <summary>Redirection header format this trunk wants on calls sent to it.</summary>
    public DiversionMode DiversionMode { get; init; } = DiversionMode.Diversion;

    public IdentityModel Identity { get; init; } = IdentityModel.Default;

    public RedirectMode Redirect { get; init; } = RedirectMode.Follow;

    /// <summary>Unless set: <see cref="ContactHostMode.Fqdn"/> for Teams and ACS (they require it), <see cref="ContactHostMode.Address"/> otherwise.</summary>
    public ContactHostMode ContactHost
    {
        get => contactHost ?? (Kind is TrunkKind.Teams or TrunkKind.Acs ? ContactHostMode.Fqdn : ContactHostMode.Address);
        init => contactHost = value;
    }

    /// <summary>RFC 4028 session timer toward this trunk; null = off (<c>session-timer: off</c>).</summary>
    public SessionTimerModel? SessionTimer { get; init; } = SessionTimerModel.Default;

    /// <summary>Digest credentials, registration and inbound challenge; null = none.</summary>
    public TrunkAuthModel? Auth { get; init; }
}
